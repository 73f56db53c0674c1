package dev.plat.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {

  private static RawResponse response(String head) {
    return RawResponse.parse(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String encode(RawResponse upstream) {
    ByteBuf out = Unpooled.buffer();
    ResponseHead.encode(out, upstream, !upstream.lengthKnown());
    ResponseHead.tail(out, "r1", !upstream.lengthKnown(), ResponseHead.Connection.NONE);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void copiesEndToEndHeaderLinesAsTheyCame() {
    RawResponse r = response("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length:  2 \r\n"
      + "Keep-Alive: timeout=5\r\nX-Plat-Request-Id: theirs\r\nX-A: 1\r\n\r\n");
    assertTrue(r.lengthKnown());
    assertEquals(2, r.contentLength);
    assertTrue(r.keepAlive);
    assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length:  2\r\nX-A: 1\r\n"
      + "X-Plat-Request-Id: r1\r\n\r\n", encode(r));
  }

  @Test
  void leavesOutTheNamesAConnectionHeaderListsAndReframesWithoutALength() {
    RawResponse r = response("HTTP/1.1 200 OK\r\nX-Keep: k\r\nX-Drop-Me: 1\r\nTransfer-Encoding: gzip, chunked\r\n"
      + "Content-Length: 9\r\nConnection: keep-alive, X-Drop-Me\r\n\r\n");
    assertTrue(r.chunked);
    assertFalse(r.lengthKnown(), "Transfer-Encoding wins over Content-Length");
    assertEquals("HTTP/1.1 200 OK\r\nX-Keep: k\r\nX-Plat-Request-Id: r1\r\ntransfer-encoding: chunked\r\n\r\n", encode(r));
  }

  @Test
  void readsTheStatusLineAndWhetherTheConnectionStays() {
    RawResponse custom = response("HTTP/1.0 299 Fine Thanks\r\n\r\n");
    assertEquals(299, custom.status.code());
    assertEquals("Fine Thanks", custom.status.reasonPhrase());
    assertFalse(custom.keepAlive);
    assertFalse(custom.lengthKnown());
    assertEquals("HTTP/1.1 404 Not Found\r\n", new String(ResponseHead.statusLine(response("HTTP/1.1 404 Not Found\r\n\r\n").status),
      StandardCharsets.US_ASCII));
    assertEquals("", response("HTTP/1.1 204\r\n\r\n").status.reasonPhrase());
    assertFalse(response("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n").keepAlive);
    assertTrue(response("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n\r\n").keepAlive);
    assertTrue(response("HTTP/1.1 100 Continue\r\n\r\n").bodyless(false));
    assertTrue(response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n").bodyless(true), "the answer to a HEAD");
    assertTrue(response("HTTP/1.1 304 Not Modified\r\n\r\n").bodyless(false));
    for (String bad : new String[] {"HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 20x OK\r\n\r\n",
        "ICY 200 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nX : y\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\nX: y\r\n\r\n"}) {
      assertNull(response(bad), bad);
    }
  }
}
