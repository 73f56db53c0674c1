package dev.plat.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private final List<String> lines = new ArrayList<>();
  private final LineSplitter splitter = new LineSplitter(line -> lines.add(line.toString()));

  @Test
  void joinsLinesSpreadOverChunksAndSplitsChunksHoldingSeveral() {
    splitter.feed(Buffer.buffer("one\ntw"));
    splitter.feed(Buffer.buffer("o\nthree\nfo"));
    assertEquals(List.of("one\n", "two\n", "three\n"), lines);
    splitter.feed(Buffer.buffer("ur"));
    splitter.flush();
    assertEquals(List.of("one\n", "two\n", "three\n", "four\n"), lines);
  }

  @Test
  void keepsMultiByteCharactersCutBetweenChunks() {
    byte[] euro = "€\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    splitter.feed(Buffer.buffer(new byte[] {euro[0]}));
    splitter.feed(Buffer.buffer(new byte[] {euro[1], euro[2], euro[3]}));
    assertEquals(List.of("€\n"), lines);
  }

  @Test
  void handsOnAnOverlongLineInPieces() {
    splitter.feed(Buffer.buffer("x".repeat(LineSplitter.MAX_LINE + 10)));
    assertEquals(1, lines.size());
    assertEquals(LineSplitter.MAX_LINE + 11, lines.get(0).length());
    splitter.flush();
    assertEquals(1, lines.size());
  }
}
