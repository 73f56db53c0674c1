package dev.plat.proxy.upstream;

import dev.plat.proxy.http1.RawResponse;
import dev.plat.proxy.http1.BodyReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link UpstreamConnection} drives {@link RawResponse} and {@link BodyReader} over the bytes
 * of a connection, fed in whole or split anywhere: interim 1xx answers, bodyless answers, bodies
 * that end with the connection, bytes past a response's end, broken framing.
 */
class UpstreamConnectionReadsTest {

  /** An exchange that writes down what it is given and ends as {@link Invocation} does. */
  static final class Recorder implements Exchange {
    final List<Integer> heads = new ArrayList<>();
    final StringBuilder body = new StringBuilder();
    int lasts;
    Throwable closed;
    UpstreamConnection connection;

    @Override
    public void connected(UpstreamConnection c) {
      connection = c;
    }

    @Override
    public void connectFailed(Throwable cause) {
    }

    @Override
    public void head(RawResponse response) {
      heads.add(response.status.code());
    }

    @Override
    public void content(HttpContent content) {
      int status = heads.get(heads.size() - 1);
      if (status >= 200) {
        body.append(content.content().toString(StandardCharsets.ISO_8859_1));
      }
      content.release();
      if (content instanceof LastHttpContent && status >= 200) {
        lasts++;
        connection.done(true);
      }
    }

    @Override
    public void closed(Throwable cause) {
      closed = cause;
    }

    @Override
    public void writable() {
    }

    @Override
    public boolean abandoned() {
      return false;
    }
  }

  /** A connection, its channel and what one exchange over it saw. */
  record Run(EmbeddedChannel channel, UpstreamConnection connection, Recorder exchange) {
    /** The connection went back to the slot (kept alive) rather than closing. */
    boolean kept() {
      return channel.isActive();
    }
  }

  /** One exchange ({@code head}: for a HEAD request) answered with {@code wire}, {@code step} bytes a read. */
  static Run exchange(String wire, int step, boolean head) {
    UpstreamConnection c = new UpstreamConnection(new ConnectionSlot(null, null, null, 1));
    EmbeddedChannel ch = new EmbeddedChannel(c);
    Recorder ex = new Recorder();
    ex.connected(c);
    c.start(ex, head);
    for (int from = 0; from < wire.length() && ch.isActive(); from += step) {
      String part = wire.substring(from, Math.min(wire.length(), from + step));
      ch.writeInbound(Unpooled.copiedBuffer(part, StandardCharsets.ISO_8859_1));
    }
    return new Run(ch, c, ex);
  }

  /** {@link #exchange} fed whole and split every 1, 2, 5 and 13 bytes, each run seeing the same. */
  static Run exchange(String wire, boolean head) {
    Run whole = exchange(wire, wire.length(), head);
    for (int step : new int[] {1, 2, 5, 13}) {
      Run split = exchange(wire, step, head);
      assertEquals(whole.exchange.heads, split.exchange.heads, "split every " + step);
      assertEquals(whole.exchange.body.toString(), split.exchange.body.toString(), "split every " + step);
      assertEquals(whole.exchange.lasts, split.exchange.lasts, "split every " + step);
      assertEquals(whole.kept(), split.kept(), "split every " + step);
    }
    return whole;
  }

  static Run exchange(String wire) {
    return exchange(wire, false);
  }

  @Test
  void readsALengthAndKeepsTheConnection() {
    Run r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world");
    assertEquals(List.of(200), r.exchange.heads);
    assertEquals("hello world", r.exchange.body.toString());
    assertEquals(1, r.exchange.lasts);
    assertTrue(r.kept());
  }

  @Test
  void aZeroLengthEndsAtTheHead() {
    Run r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assertEquals(1, r.exchange.lasts);
    assertEquals("", r.exchange.body.toString());
    assertTrue(r.kept());
  }

  @Test
  void bytesPastALengthCloseTheConnection() {
    Run r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n", 1000, false);
    assertEquals("ok", r.exchange.body.toString());
    assertEquals(List.of(200), r.exchange.heads, "the bytes past the end are not read as another response");
    assertFalse(r.kept());
  }

  @Test
  void aByteAfterTheExchangeEndedClosesTheConnection() {
    Run r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    assertTrue(r.kept());
    r.channel.writeInbound(Unpooled.copiedBuffer("x", StandardCharsets.ISO_8859_1));
    assertFalse(r.kept());
  }

  @Test
  void dechunksAndKeepsTheConnection() {
    Run r = exchange("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "5;ext=1\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: t\r\n\r\n");
    assertEquals("hello, chunked!", r.exchange.body.toString());
    assertEquals(1, r.exchange.lasts);
    assertTrue(r.kept());
  }

  @Test
  void chunkedWithALengthIsReadAsChunkedAndTheConnectionNotKept() {
    Run r = exchange("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    assertEquals("abc", r.exchange.body.toString());
    assertFalse(r.kept());
  }

  @Test
  void skipsInterimAnswersBeforeTheResponse() {
    Run r = exchange("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
      + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    assertEquals(List.of(100, 103, 200), r.exchange.heads);
    assertEquals("ok", r.exchange.body.toString());
    assertEquals(1, r.exchange.lasts);
    assertTrue(r.kept());
  }

  @Test
  void anInterimAnswerSaysNothingOfTheConnection() {
    Run r = exchange("HTTP/1.1 100 Continue\r\nConnection: close\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    assertTrue(r.kept(), "the final response's head decides");
  }

  @Test
  void noBodyIsReadFor204Or304OrAHeadWhateverTheHeadersSay() {
    for (String status : new String[] {"204 No Content", "304 Not Modified"}) {
      Run r = exchange("HTTP/1.1 " + status + "\r\nContent-Length: 5\r\n\r\n");
      assertEquals(1, r.exchange.lasts, status);
      assertTrue(r.kept(), status);
      Run chunked = exchange("HTTP/1.1 " + status + "\r\nTransfer-Encoding: chunked\r\n\r\n");
      assertEquals(1, chunked.exchange.lasts, status);
      assertTrue(chunked.kept(), status);
    }
    Run head = exchange("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true);
    assertEquals(1, head.exchange.lasts);
    assertEquals("", head.exchange.body.toString());
    assertTrue(head.kept());
    Run bodyOnA204 = exchange("HTTP/1.1 204 No Content\r\n\r\nhello", 1000, false);
    assertFalse(bodyOnA204.kept(), "a body where none may be is bytes past the end");
  }

  @Test
  void aBodyWithoutLengthOrChunksEndsWithTheConnection() {
    for (String head : new String[] {"HTTP/1.1 200 OK\r\n\r\n", "HTTP/1.0 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 1\r\n\r\n"}) {
      Run r = exchange(head + "until the end\r\n0\r\n\r\n", 7, false);
      assertEquals(0, r.exchange.lasts, head);
      assertEquals("until the end\r\n0\r\n\r\n", r.exchange.body.toString(), head);
      r.channel.close();
      assertEquals(1, r.exchange.lasts, "the close ends it: " + head);
      assertNull(r.exchange.closed, head);
    }
  }

  @Test
  void aCloseBeforeALengthOrAChunkedBodyEndedFailsTheExchange() {
    for (String wire : new String[] {"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc", "HTTP/1.1 200 OK\r\nContent-"}) {
      Run r = exchange(wire, 3, false);
      r.channel.close();
      assertEquals(0, r.exchange.lasts, wire);
      assertInstanceOf(ClosedChannelException.class, r.exchange.closed, wire);
    }
  }

  @Test
  void badFramingFailsTheExchangeAndClosesTheConnection() {
    for (String wire : new String[] {"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n",
        "SSH-2.0-OpenSSH\r\n\r\n", "\r\n\r\n"}) {
      for (int step : new int[] {1, 1000}) {
        Run r = exchange(wire, step, false);
        assertEquals(0, r.exchange.lasts, wire);
        assertInstanceOf(UpstreamFailure.class, r.exchange.closed, wire);
        assertFalse(r.kept(), wire);
      }
    }
  }

  @Test
  void aHeadOverItsLimitFailsTheExchangeOnceItIsThatLong() {
    String wire = "HTTP/1.1 200 OK\r\nX: " + "v".repeat(RawResponse.MAX_RESPONSE_HEAD);
    Run r = exchange(wire, 4096, false);
    assertInstanceOf(UpstreamFailure.class, r.exchange.closed);
    assertTrue(r.exchange.closed.getMessage().contains("64 KiB"), r.exchange.closed.getMessage());
  }
}
