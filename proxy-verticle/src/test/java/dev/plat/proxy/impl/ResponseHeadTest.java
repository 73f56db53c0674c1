package dev.plat.proxy.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {

  private static String head(HttpHeaders upstream, boolean[] length) {
    ByteBuf out = Unpooled.buffer();
    length[0] = ResponseHead.encode(out, HttpResponseStatus.OK, upstream);
    ResponseHead.tail(out, "r1", !length[0], ResponseHead.Connection.NONE);
    return out.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void copiesEndToEndHeadersInOrderAndSaysWhetherALengthCame() {
    boolean[] length = new boolean[1];
    String h = head(new DefaultHttpHeaders().add("Content-Type", "text/plain").add("Content-Length", "2")
      .add("Keep-Alive", "timeout=5").add("X-Plat-Request-Id", "theirs").add("X-A", "1"), length);
    assertTrue(length[0]);
    assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nX-A: 1\r\n"
      + "X-Plat-Request-Id: r1\r\n\r\n", h);
  }

  @Test
  void leavesOutTheNamesAConnectionHeaderListsAndReframesWithoutALength() {
    boolean[] length = new boolean[1];
    String h = head(new DefaultHttpHeaders().add("X-Keep", "k").add("X-Drop-Me", "1").add("Transfer-Encoding", "chunked")
      .add("Connection", "keep-alive, X-Drop-Me"), length);
    assertFalse(length[0]);
    assertEquals("HTTP/1.1 200 OK\r\nX-Keep: k\r\nX-Plat-Request-Id: r1\r\ntransfer-encoding: chunked\r\n\r\n", h);
  }
}
