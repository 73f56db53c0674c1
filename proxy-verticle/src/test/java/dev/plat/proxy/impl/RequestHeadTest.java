package dev.plat.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

  private static RequestHead head(HttpVersion version, String... nameValues) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (int i = 0; i < nameValues.length; i += 2) {
      headers.add(nameValues[i], nameValues[i + 1]);
    }
    return RequestHead.of(new DefaultHttpRequest(version, HttpMethod.POST, "/", headers));
  }

  @Test
  void readsTheHeadersTheFastPathNeedsInAnyCase() {
    RequestHead h = head(HttpVersion.HTTP_1_1, "HOST", "a:1", "authorization", "Bearer x",
      "X-Plat-Request-Id", "r1", "Upgrade", "websocket", "Content-Length", "3");
    assertEquals("a:1", h.host);
    assertEquals("Bearer x", h.authorization);
    assertEquals("r1", h.requestId);
    assertTrue(h.upgrade);
    assertTrue(h.body);
    assertTrue(h.keepAlive);
  }

  @Test
  void knowsWhetherABodyComes() {
    assertFalse(head(HttpVersion.HTTP_1_1).body);
    assertFalse(head(HttpVersion.HTTP_1_1, "content-length", "0").body);
    assertTrue(head(HttpVersion.HTTP_1_1, "transfer-encoding", "gzip, Chunked").body);
    assertNull(head(HttpVersion.HTTP_1_1).host);
  }

  @Test
  void keepAliveFollowsTheVersionAndTheConnectionHeader() {
    assertFalse(head(HttpVersion.HTTP_1_1, "connection", "Close").keepAlive);
    assertTrue(head(HttpVersion.HTTP_1_1, "connection", "x-foo").keepAlive);
    assertFalse(head(HttpVersion.HTTP_1_0).keepAlive);
    assertTrue(head(HttpVersion.HTTP_1_0, "connection", "Keep-Alive").keepAlive);
    assertFalse(head(HttpVersion.HTTP_1_0, "connection", "keep-alive, close").keepAlive);
  }
}
