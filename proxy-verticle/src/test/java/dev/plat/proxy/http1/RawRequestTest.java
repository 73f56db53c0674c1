package dev.plat.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawRequestTest {

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private static RawRequest parse(String head) {
    ByteBuf in = bytes(head);
    int end = RawHead.headEnd(in);
    return end < 0 ? null : RawHead.read(in, end, RawRequest::parse);
  }

  private static List<String> lines(RawRequest r) {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<CharSequence, CharSequence>> it = r.headers();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> h = it.next();
      out.add(h.getKey() + "=" + h.getValue());
    }
    return out;
  }

  @Test
  void readsTheRequestLineAndWhatTheFastPathNeedsInOnePass() {
    ByteBuf in = bytes("POST /function/f/a?x=1 HTTP/1.1\r\nHOST: a:1\r\nauthorization:  Bearer x \r\n"
      + "X-Plat-Request-Id: r1\r\nContent-Length: 3\r\nOrigin: http://app.test\r\n\r\nabcGET");
    RawRequest r = RawHead.read(in, RawHead.headEnd(in), RawRequest::parse);
    assertEquals(HttpMethod.POST, r.method);
    assertEquals("/function/f/a?x=1", r.uri);
    assertEquals("/function/f/a", r.path());
    assertEquals("x=1", r.query());
    assertFalse(r.http10);
    assertEquals("a:1", r.host);
    assertEquals("Bearer x", r.authorization, "optional white space around the value is not part of it");
    assertEquals("r1", r.requestId);
    assertEquals("http://app.test", r.origin);
    assertEquals(3, r.contentLength);
    assertTrue(r.body());
    assertTrue(r.keepAlive);
    assertFalse(r.upgrade);
    assertEquals("abcGET", in.toString(StandardCharsets.ISO_8859_1), "the reader index is right after the head");
  }

  @Test
  void yieldsTheHeaderLinesAsTheyCameAndLeavesAuthorizationOutOnlyWhenStripped() {
    RawRequest r = parse("GET / HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\nX-A: 1\r\nx-a:2\r\n\r\n");
    assertEquals(List.of("Host=h", "Authorization=Bearer t", "X-A=1", "x-a=2"), lines(r));
    r.stripAuthorization = true;
    assertEquals(List.of("Host=h", "X-A=1", "x-a=2"), lines(r));
    RawRequest first = parse("GET / HTTP/1.1\r\nauthorization: a\r\nAUTHORIZATION: b\r\n\r\n");
    first.stripAuthorization = true;
    assertEquals(List.of(), lines(first));
  }

  @Test
  void knowsWhetherABodyComes() {
    assertFalse(parse("GET / HTTP/1.1\r\n\r\n").body());
    assertFalse(parse("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").body());
    RawRequest chunked = parse("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n");
    assertTrue(chunked.chunked);
    assertTrue(chunked.body());
    assertNull(parse("GET / HTTP/1.1\r\n\r\n").host);
  }

  @Test
  void keepAliveFollowsTheVersionAndTheConnectionHeader() {
    assertFalse(parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keepAlive);
    assertTrue(parse("GET / HTTP/1.1\r\nConnection: x-foo\r\n\r\n").keepAlive);
    assertFalse(parse("GET / HTTP/1.0\r\n\r\n").keepAlive);
    assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive);
    assertFalse(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive);
    assertFalse(parse("GET / HTTP/1.1\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n").keepAlive);
    assertTrue(parse("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n").upgrade);
  }

  @Test
  void leavesEverythingButThePlainCaseToVertx() {
    String[] others = {
      "GET http://h/ HTTP/1.1\r\n\r\n",                                  // absolute URI
      "OPTIONS * HTTP/1.1\r\n\r\n",
      "BREW / HTTP/1.1\r\n\r\n",                                         // unknown method
      "get / HTTP/1.1\r\n\r\n",
      "GET / HTTP/2.0\r\n\r\n",
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
      "GET /a b HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\nHost: h\r\n\r\n",                                 // bare LF
      "GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n",
      "GET / HTTP/1.1\r\nX: a\r\n  folded\r\n\r\n",                      // obs-fold
      "GET / HTTP/1.1\r\nX : a\r\n\r\n",                                 // space before the colon
      "GET / HTTP/1.1\r\n: a\r\n\r\n",
      "GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
      "\r\nGET / HTTP/1.1\r\n\r\n",                                       // empty line first
    };
    for (String head : others) {
      assertNull(parse(head), head);
    }
    assertNull(parse("GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(200) + "\r\n"), "too many headers");
  }

  @Test
  void findsTheEndOfAHeadOnlyOnceItAllCame() {
    assertEquals(-1, RawHead.headEnd(bytes("GET / HTTP/1.1\r\nHost: h\r\n")));
    assertEquals(-1, RawHead.headEnd(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r")));
    assertEquals(27, RawHead.headEnd(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\nxyz")));
    assertEquals(-2, RawHead.headEnd(bytes("GET / HTTP/1.1\r\nX: " + "y".repeat(RawHead.MAX_HEAD))), "too long");
    ByteBuf unread = bytes("GET / HTTP/1.1\r\nX : a\r\n\r\n");
    assertNull(RawHead.read(unread, RawHead.headEnd(unread), RawRequest::parse));
    assertEquals(0, unread.readerIndex(), "a head left to Vert.x is not consumed");
  }

  @Test
  void readsChunkSizeLines() {
    ByteBuf in = bytes("1a\r\nrest");
    assertEquals(26, BodyReader.chunkSize(in));
    assertEquals("rest", in.toString(StandardCharsets.ISO_8859_1));
    assertEquals(255, BodyReader.chunkSize(bytes("FF;name=value\r\n")));
    assertEquals(0, BodyReader.chunkSize(bytes("0\r\n")));
    assertEquals(-1, BodyReader.chunkSize(bytes("1a")));
    assertEquals(-2, BodyReader.chunkSize(bytes("zz\r\n")));
    assertEquals(-2, BodyReader.chunkSize(bytes("\r\n")));
    assertEquals(-2, BodyReader.chunkSize(bytes("1a\n")), "bare LF");
    assertEquals(-2, BodyReader.chunkSize(bytes("1234567890abcdef0\r\n")), "too big");
  }
}
