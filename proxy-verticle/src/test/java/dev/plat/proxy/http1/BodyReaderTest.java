package dev.plat.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyReader} on its own, with the body cases of Netty's {@code HttpObjectDecoder} tests:
 * lengths (split anywhere, bytes past the end), chunk sizes in either case, extensions, trailers
 * and broken chunked framing.
 */
class BodyReaderTest {

  /** What the reader made of some bytes: the body, whether it ended or broke, what is left. */
  record Read(String body, boolean ended, boolean broken, String rest) {
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  /**
   * Feeds {@code wire} to {@code reader} {@code step} bytes at a time into one growing buffer (as
   * the connections cumulate), taking pieces until it wants more, ends or breaks.
   */
  static Read read(BodyReader reader, String wire, int step) {
    ByteBuf in = Unpooled.buffer();
    StringBuilder body = new StringBuilder();
    int fed = 0;
    try {
      while (true) {
        Object piece = reader.reading() ? reader.next(in) : null;
        if (piece == null) {
          return new Read(body.toString(), true, false, in.toString(StandardCharsets.ISO_8859_1));
        }
        if (piece == BodyReader.BROKEN) {
          return new Read(body.toString(), false, true, in.toString(StandardCharsets.ISO_8859_1));
        }
        if (piece == BodyReader.MORE) {
          if (fed == wire.length()) {
            return new Read(body.toString(), false, false, in.toString(StandardCharsets.ISO_8859_1));
          }
          int to = Math.min(wire.length(), fed + step);
          in.writeCharSequence(wire.substring(fed, to), StandardCharsets.ISO_8859_1);
          fed = to;
          continue;
        }
        HttpContent c = (HttpContent) piece;
        body.append(c.content().toString(StandardCharsets.ISO_8859_1));
        c.release();
        if (c instanceof LastHttpContent) {
          assertFalse(reader.reading(), "a last piece ends the body");
          in.writeCharSequence(wire.substring(fed), StandardCharsets.ISO_8859_1);
          return new Read(body.toString(), true, false, in.toString(StandardCharsets.ISO_8859_1));
        }
      }
    } finally {
      in.release();
    }
  }

  private static Read chunked(String wire, int step) {
    BodyReader r = new BodyReader();
    r.chunked();
    return read(r, wire, step);
  }

  private static Read chunked(String wire) {
    Read whole = chunked(wire, wire.length());
    for (int step : new int[] {1, 2, 3, 7}) {
      assertEquals(whole, chunked(wire, step), "split every " + step + " bytes");
    }
    return whole;
  }

  private static Read length(long n, String wire, int step) {
    BodyReader r = new BodyReader();
    r.length(n);
    return read(r, wire, step);
  }

  @Test
  void readsALengthSplitAcrossManyBuffersAndLeavesTheBytesPastItsEnd() {
    String body = "x".repeat(1000);
    for (int step : new int[] {1, 3, 64, 1000, 2000}) {
      assertEquals(new Read(body, true, false, "HTTP/1.1 200"), length(1000, body + "HTTP/1.1 200", step));
    }
  }

  @Test
  void aZeroLengthIsNoBody() {
    BodyReader r = new BodyReader();
    r.length(0);
    assertFalse(r.reading());
    assertThrows(IllegalStateException.class, () -> r.next(bytes("abc")), "nothing is read after the end");
  }

  @Test
  void aLengthNotAllCameWantsMore() {
    assertEquals(new Read("abc", false, false, ""), length(5, "abc", 1));
  }

  @Test
  void givesEachPieceAsASliceOfTheBytesAndTheLastAsALastContent() {
    BodyReader r = new BodyReader();
    r.length(5);
    ByteBuf in = Unpooled.buffer();
    in.writeCharSequence("ab", StandardCharsets.ISO_8859_1);
    HttpContent first = (HttpContent) r.next(in);
    assertFalse(first instanceof LastHttpContent);
    assertSame(BodyReader.MORE, r.next(in));
    in.writeCharSequence("cdeNEXT", StandardCharsets.ISO_8859_1);
    HttpContent last = (HttpContent) r.next(in);
    assertTrue(last instanceof LastHttpContent);
    assertEquals("cde", last.content().toString(StandardCharsets.ISO_8859_1));
    assertSame(in, last.content().unwrap(), "a slice, no copy");
    assertEquals("NEXT", in.toString(StandardCharsets.ISO_8859_1));
    first.release();
    last.release();
    in.release();
  }

  @Test
  void dechunksWithSizesInUpperAndLowerCase() {
    String a = "a".repeat(0xAB);
    String b = "b".repeat(0x1f);
    assertEquals(new Read(a + b, true, false, ""), chunked("AB\r\n" + a + "\r\n1f\r\n" + b + "\r\n0\r\n\r\n"));
    assertEquals(new Read(a, true, false, ""), chunked("0000ab\r\n" + a + "\r\n0\r\n\r\n"), "leading zeros");
  }

  @Test
  void dropsChunkExtensions() {
    assertEquals(new Read("hello", true, false, ""),
      chunked("5;name=value;quoted=\"a b\"\r\nhello\r\n0;last\r\n\r\n"));
    assertEquals(new Read("hello", true, false, ""), chunked("5 ;x\r\nhello\r\n0\t\r\n\r\n"), "white space before");
  }

  @Test
  void dropsTrailersAndLeavesWhatComesAfterThem() {
    assertEquals(new Read("abc", true, false, "HTTP/1.1 200 OK\r\n"),
      chunked("3\r\nabc\r\n0\r\nX-Trailer: 1\r\nX-Other: two\r\n\r\nHTTP/1.1 200 OK\r\n"));
  }

  @Test
  void anEmptyChunkedBodyIsTheLastChunkAlone() {
    assertEquals(new Read("", true, false, ""), chunked("0\r\n\r\n"));
  }

  @Test
  void aChunkedBodyNotAllCameWantsMore() {
    assertEquals(new Read("abc", false, false, ""), chunked("5\r\nabc"));
    assertEquals(new Read("abc", false, false, "\r"), chunked("3\r\nabc\r"));
    assertEquals(new Read("", false, false, ""), chunked("0\r\nX: 1\r\n"), "trailer lines are dropped as they come");
  }

  @Test
  void breaksOnABadChunkSize() {
    for (String bad : new String[] {"g\r\n", "\r\n", "-1\r\n", "+1\r\n", "0x5\r\n", "5x\r\nhello\r\n", "5\nhello\r\n",
        " 5\r\nhello\r\n", "1000000000000000\r\n"}) {
      Read read = chunked(bad, bad.length());
      assertTrue(read.broken(), bad);
      assertEquals("", read.body(), bad);
    }
  }

  @Test
  void breaksWhenAChunkDoesNotEndWithCrlf() {
    Read read = chunked("3\r\nabcX\r\n0\r\n\r\n", 100);
    assertTrue(read.broken());
    assertEquals("abc", read.body());
  }

  @Test
  void breaksOnAChunkSizeLineOrTrailerLineLongerThanItsLimit() {
    assertTrue(chunked("1;" + "e".repeat(5000), 100).broken(), "a chunk-size line longer than 4 KiB");
    assertFalse(chunked("1;" + "e".repeat(4000), 100).broken(), "a long line that may still end");
    assertTrue(chunked("0\r\nX: " + "t".repeat(RawHead.MAX_HEAD), 512).broken(), "a trailer line over 8 KiB");
  }

  @Test
  void readsUntilTheConnectionCloses() {
    BodyReader r = new BodyReader();
    r.untilClose();
    assertTrue(r.untilCloseNow());
    Read read = read(r, "all of it, whatever it says: 0\r\n\r\nHTTP/1.1 200 OK\r\n", 5);
    assertEquals(new Read("all of it, whatever it says: 0\r\n\r\nHTTP/1.1 200 OK\r\n", false, false, ""), read);
    assertTrue(r.reading(), "only the connection's close ends it");
  }
}
