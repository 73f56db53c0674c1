package dev.plat.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link RawResponse} on its own: the status line and the body's framing, with the head cases of
 * Netty's {@code HttpObjectDecoder} tests (duplicate, negative and non-numeric lengths, codings,
 * bodyless statuses).
 */
class RawResponseTest {

  private static RawResponse parse(String head) {
    ByteBuf in = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1);
    try {
      int end = RawHead.headEnd(in, RawResponse.MAX_RESPONSE_HEAD);
      return end < 0 ? null : RawHead.read(in, end, RawResponse::parse);
    } finally {
      in.release();
    }
  }

  private static RawResponse withHeaders(String headers) {
    return parse("HTTP/1.1 200 OK\r\n" + headers + "\r\n");
  }

  @Test
  void readsTheStatusLine() {
    RawResponse r = parse("HTTP/1.1 404 Not Found\r\n\r\n");
    assertEquals(404, r.status.code());
    assertEquals("Not Found", r.status.reasonPhrase());
    assertFalse(r.http10);
    assertEquals("Gone Fishing", parse("HTTP/1.1 200 Gone Fishing\r\n\r\n").status.reasonPhrase());
    assertEquals("", parse("HTTP/1.1 299\r\n\r\n").status.reasonPhrase(), "the reason may be left out");
    assertEquals(799, parse("HTTP/1.0 799 X\r\n\r\n").status.code(), "an unknown code");
    assertTrue(parse("HTTP/1.0 200 OK\r\n\r\n").http10);
  }

  @Test
  void isNullForWhatIsNotAnHttp1ResponseHead() {
    for (String bad : new String[] {"HTTP/2.0 200 OK\r\n\r\n", "HTTP/1.2 200 OK\r\n\r\n", "http/1.1 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 099 X\r\n\r\n", "HTTP/1.1  200 OK\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\n\n", "GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 200 OK\r\nX : 1\r\n\r\n",
        "HTTP/1.1 200 OK\r\n folded\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n", "\r\nHTTP/1.1 200 OK\r\n\r\n"}) {
      assertNull(parse(bad), bad);
    }
  }

  @Test
  void readsAContentLength() {
    RawResponse r = withHeaders("content-LENGTH: 42\r\n");
    assertEquals(42, r.contentLength);
    assertTrue(r.lengthKnown());
    assertFalse(r.chunked);
    assertEquals(0, withHeaders("Content-Length: 0\r\n").contentLength);
    assertEquals(999_999_999_999_999_999L, withHeaders("Content-Length: 999999999999999999\r\n").contentLength);
    assertFalse(withHeaders("X: 1\r\n").lengthKnown(), "no length");
    assertEquals(-1, withHeaders("X: 1\r\n").contentLength);
  }

  @Test
  void aSecondContentLengthOfTheSameValueIsTheSameLength() {
    assertEquals(5, withHeaders("Content-Length: 5\r\nContent-Length: 5\r\n").contentLength);
  }

  @Test
  void refusesDifferingNegativeNonNumericOrTooLongLengths() {
    for (String bad : new String[] {"Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: -1\r\n",
        "Content-Length: +5\r\n", "Content-Length: 5, 5\r\n", "Content-Length: 0x10\r\n", "Content-Length: 1 2\r\n",
        "Content-Length: \r\n", "Content-Length: five\r\n", "Content-Length: 9999999999999999999\r\n"}) {
      assertNull(withHeaders(bad), bad);
    }
  }

  @Test
  void aChunkedCodingLastMakesItChunked() {
    assertTrue(withHeaders("Transfer-Encoding: chunked\r\n").chunked);
    assertTrue(withHeaders("transfer-encoding: CHUNKED\r\n").chunked);
    assertTrue(withHeaders("Transfer-Encoding: gzip, chunked\r\n").chunked);
    RawResponse both = withHeaders("Transfer-Encoding: chunked\r\nContent-Length: 10\r\n");
    assertTrue(both.chunked);
    assertFalse(both.lengthKnown(), "chunked wins over a length");
  }

  @Test
  void anotherCodingLastMeansTheBodyEndsWithTheConnection() {
    for (String te : new String[] {"chunked, gzip", "gzip", "identity"}) {
      RawResponse r = withHeaders("Transfer-Encoding: " + te + "\r\nContent-Length: 3\r\n");
      assertFalse(r.chunked, te);
      assertTrue(r.otherCoding, te);
      assertFalse(r.lengthKnown(), te);
    }
  }

  @Test
  void noBodyFollows1xx204304OrTheAnswerToAHead() {
    for (int code : new int[] {100, 101, 102, 103, 199, 204, 304}) {
      assertTrue(parse("HTTP/1.1 " + code + " X\r\nContent-Length: 5\r\n\r\n").bodyless(false), "" + code);
    }
    for (int code : new int[] {200, 201, 205, 299, 301, 400, 500}) {
      RawResponse r = parse("HTTP/1.1 " + code + " X\r\nContent-Length: 5\r\n\r\n");
      assertFalse(r.bodyless(false), "" + code);
      assertTrue(r.bodyless(true), code + " to a HEAD");
    }
  }

  @Test
  void keepsAliveByVersionAndConnectionHeader() {
    assertTrue(parse("HTTP/1.1 200 OK\r\n\r\n").keepAlive);
    assertFalse(parse("HTTP/1.1 200 OK\r\nConnection: Close\r\n\r\n").keepAlive);
    assertFalse(parse("HTTP/1.1 200 OK\r\nConnection: x\r\nConnection: upgrade, close\r\n\r\n").keepAlive);
    assertFalse(parse("HTTP/1.0 200 OK\r\n\r\n").keepAlive);
    assertTrue(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n").keepAlive);
  }

  @Test
  void aHeadLongerThanItsLimitIsNotRead() {
    String big = "HTTP/1.1 200 OK\r\nX: " + "v".repeat(RawResponse.MAX_RESPONSE_HEAD) + "\r\n\r\n";
    ByteBuf in = Unpooled.copiedBuffer(big, StandardCharsets.ISO_8859_1);
    assertEquals(-2, RawHead.headEnd(in, RawResponse.MAX_RESPONSE_HEAD));
    in.release();
    assertNotNull(parse("HTTP/1.1 200 OK\r\nX: " + "v".repeat(RawResponse.MAX_RESPONSE_HEAD - 100) + "\r\n\r\n"));
  }
}
