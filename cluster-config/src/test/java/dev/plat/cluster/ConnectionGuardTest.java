package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every state of {@link ConnectionGuard} on an embedded channel with a frozen clock (header
 * timeout 1000 ms, keep-alive 5000 ms): HEAD closes (408 when a byte came), BUSY waits as long as
 * an exchange is open, IDLE closes in silence, a byte turns IDLE into HEAD, a 101 turns it off.
 */
class ConnectionGuardTest {
  private EmbeddedChannel channel;
  private ConnectionGuard guard;

  @BeforeEach
  void setUp() {
    channel = new EmbeddedChannel();
    channel.freezeTime();
    guard = new ConnectionGuard(new ConnectionLimits(1000, 5000, 10));
    channel.pipeline().addLast(ConnectionGuard.NAME, guard);
    channel.pipeline().addLast(ConnectionGuard.EXCHANGES, new ConnectionGuard.Exchanges(guard));
  }

  private void advance(long ms) {
    channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  private void bytes(String text) {
    channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    channel.inboundMessages().clear();
  }

  private void head() {
    channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
    channel.inboundMessages().clear();
  }

  private void response(HttpResponseStatus status) {
    channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status));
    channel.outboundMessages().clear();
  }

  private String written() {
    ByteBuf out = channel.readOutbound();
    try {
      return out == null ? null : out.toString(StandardCharsets.UTF_8);
    } finally {
      if (out != null) {
        out.release();
      }
    }
  }

  @Test
  void aConnectionThatSendsNothingClosesInSilenceAtTheHeaderDeadline() {
    advance(999);
    assertTrue(channel.isOpen());
    advance(1);
    assertFalse(channel.isOpen());
    assertNull(written());
  }

  @Test
  void anUnfinishedHeadGets408JsonAtTheHeaderDeadline() {
    bytes("GET / HT");
    advance(500);
    bytes("TP/1.1\r\n");  // more bytes do not move the deadline
    advance(500);
    assertFalse(channel.isOpen());
    String answer = written();
    assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
    assertTrue(answer.contains("Connection: close\r\n"), answer);
    assertTrue(answer.endsWith("\"code\":\"request_timeout\"}"), answer);
  }

  @Test
  void anOpenExchangeHasNoDeadlineThenTheIdleConnectionClosesAtTheKeepAliveDeadline() {
    head();
    advance(60_000);
    assertTrue(channel.isOpen(), "a long exchange is not cut");
    channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    advance(60_000);
    assertTrue(channel.isOpen(), "a long response is not cut");
    channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    channel.outboundMessages().clear();
    advance(4999);
    assertTrue(channel.isOpen());
    advance(1);
    assertFalse(channel.isOpen());
    assertNull(written());
  }

  @Test
  void aByteAfterAnIdleSpellStartsTheHeaderDeadline() {
    head();
    response(HttpResponseStatus.OK);
    advance(4000);
    bytes("G");
    advance(999);
    assertTrue(channel.isOpen(), "the keep-alive deadline no longer counts");
    advance(1);
    assertFalse(channel.isOpen());
    assertTrue(written().startsWith("HTTP/1.1 408 "));
  }

  @Test
  void pipelinedExchangesKeepTheConnectionBusyUntilTheLastResponse() {
    head();
    head();
    response(HttpResponseStatus.OK);
    advance(60_000);
    assertTrue(channel.isOpen(), "the second exchange is still open");
    response(HttpResponseStatus.OK);
    advance(5000);
    assertFalse(channel.isOpen());
  }

  @Test
  void aHandlerReadingHeadsItselfReportsItsExchanges() {
    guard.headRead();
    advance(60_000);
    assertTrue(channel.isOpen());
    guard.responseEnded();
    advance(5000);
    assertFalse(channel.isOpen());
  }

  @Test
  void aContinueDoesNotEndTheExchangeAndA101EndsTheDeadlines() {
    head();
    response(HttpResponseStatus.CONTINUE);
    advance(60_000);
    assertTrue(channel.isOpen(), "100 Continue is not the response's end");
    response(HttpResponseStatus.SWITCHING_PROTOCOLS);
    advance(600_000);
    assertTrue(channel.isOpen(), "an upgraded connection has no HTTP deadline");
    assertEquals(0, channel.outboundMessages().size());
  }
}
