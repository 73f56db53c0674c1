package dev.plat.docker.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonObjectSplitterTest {

  /** Like the daemon's build stream: CRLF-separated objects, strings holding braces, quotes, escapes, UTF-8. */
  private static final String STREAM = "{\"stream\":\"Step 1/2 : FROM base\\n\"}\r\n"
    + "{\"stream\":\" ---> {not json} [x] \\\"quoted\\\" \\\\ \\u00e9 ✓ 日本\\n\"}\r\n"
    + "{\"aux\":{\"ID\":\"sha256:abc\",\"list\":[{\"a\":1},[2,{\"b\":\"}\"}]]}}\n"
    + "  {\"errorDetail\":{\"message\":\"boom\"},\"error\":\"boom\"}";

  private static final List<JsonObject> EXPECTED = List.of(
    new JsonObject().put("stream", "Step 1/2 : FROM base\n"),
    new JsonObject().put("stream", " ---> {not json} [x] \"quoted\" \\ é ✓ 日本\n"),
    new JsonObject("{\"aux\":{\"ID\":\"sha256:abc\",\"list\":[{\"a\":1},[2,{\"b\":\"}\"}]]}}"),
    new JsonObject().put("errorDetail", new JsonObject().put("message", "boom")).put("error", "boom"));

  private static List<JsonObject> split(List<Buffer> chunks) {
    List<JsonObject> out = new ArrayList<>();
    JsonObjectSplitter splitter = new JsonObjectSplitter(b -> out.add(new JsonObject(b)));
    chunks.forEach(splitter::feed);
    assertFalse(splitter.hasPartialObject());
    return out;
  }

  private static Buffer bytes() {
    return Buffer.buffer(STREAM.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsConcatenatedObjectsDeliveredInOneChunk() {
    assertEquals(EXPECTED, split(List.of(bytes())));
  }

  @Test
  void splitsObjectsCutAtEveryByteIncludingInsideStringsEscapesAndUtf8() {
    Buffer all = bytes();
    for (int cut = 0; cut <= all.length(); cut++) {
      assertEquals(EXPECTED, split(List.of(all.getBuffer(0, cut), all.getBuffer(cut, all.length()))), "cut at " + cut);
    }
  }

  @Test
  void splitsObjectsFedOneByteAtATimeAndInRandomChunks() {
    Buffer all = bytes();
    List<Buffer> single = new ArrayList<>();
    for (int i = 0; i < all.length(); i++) {
      single.add(all.getBuffer(i, i + 1));
    }
    assertEquals(EXPECTED, split(single));
    Random random = new Random(7);
    for (int round = 0; round < 100; round++) {
      List<Buffer> chunks = new ArrayList<>();
      for (int pos = 0; pos < all.length(); ) {
        int end = Math.min(all.length(), pos + 1 + random.nextInt(40));
        chunks.add(all.getBuffer(pos, end));
        pos = end;
      }
      assertEquals(EXPECTED, split(chunks), "round " + round);
    }
  }

  @Test
  void reportsAnObjectCutOffAtTheEndOfTheStream() {
    JsonObjectSplitter splitter = new JsonObjectSplitter(b -> { });
    splitter.feed(Buffer.buffer("{\"status\":\"Push"));
    assertTrue(splitter.hasPartialObject());
  }

  @Test
  void rejectsBytesBetweenObjectsThatAreNotWhitespace() {
    JsonObjectSplitter splitter = new JsonObjectSplitter(b -> { });
    assertThrows(DecodeException.class, () -> splitter.feed(Buffer.buffer("{\"a\":1} oops {\"b\":2}")));
  }

  @Test
  void rejectsAnObjectLargerThanTheLimit() {
    JsonObjectSplitter splitter = new JsonObjectSplitter(b -> { }, 64);
    assertThrows(DecodeException.class, () -> splitter.feed(Buffer.buffer("{\"a\":\"" + "x".repeat(100))));
  }
}
