package dev.plat.docker.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.docker.LogFrame;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogFrameDecoderTest {

  static Buffer frame(int stream, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer().appendByte((byte) stream).appendBytes(new byte[3]).appendUnsignedInt(payload.length).appendBytes(payload);
  }

  private static final Buffer STREAM = Buffer.buffer()
    .appendBuffer(frame(1, "listening on /run/plat/fn.sock\n"))
    .appendBuffer(frame(2, "warn: ünïcödé ✓\n"))
    .appendBuffer(frame(1, ""))
    .appendBuffer(frame(1, "x".repeat(70_000)))
    .appendBuffer(frame(2, "last"));

  private static List<String> decode(List<Buffer> chunks) {
    LogFrameDecoder decoder = new LogFrameDecoder();
    List<String> out = new ArrayList<>();
    chunks.forEach(c -> decoder.feed(c, f -> out.add(f.stream() + ":" + f.text())));
    assertFalse(decoder.hasPartialFrame());
    return out;
  }

  private static final List<String> EXPECTED = List.of(
    "STDOUT:listening on /run/plat/fn.sock\n", "STDERR:warn: ünïcödé ✓\n", "STDOUT:", "STDOUT:" + "x".repeat(70_000), "STDERR:last");

  @Test
  void decodesFramesDeliveredInOneChunk() {
    assertEquals(EXPECTED, decode(List.of(STREAM)));
  }

  @Test
  void decodesFramesSplitAtEveryPossibleBoundaryOfTwoChunks() {
    Buffer small = Buffer.buffer().appendBuffer(frame(1, "hello\n")).appendBuffer(frame(2, "é\n")).appendBuffer(frame(1, "bye"));
    for (int cut = 0; cut <= small.length(); cut++) {
      List<String> frames = decode(List.of(small.getBuffer(0, cut), small.getBuffer(cut, small.length())));
      assertEquals(List.of("STDOUT:hello\n", "STDERR:é\n", "STDOUT:bye"), frames, "cut at " + cut);
    }
  }

  @Test
  void decodesFramesFedOneByteAtATime() {
    List<Buffer> bytes = new ArrayList<>();
    for (int i = 0; i < STREAM.length(); i++) {
      bytes.add(STREAM.getBuffer(i, i + 1));
    }
    assertEquals(EXPECTED, decode(bytes));
  }

  @Test
  void decodesFramesInRandomlySizedChunks() {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      List<Buffer> chunks = new ArrayList<>();
      int pos = 0;
      while (pos < STREAM.length()) {
        int end = Math.min(STREAM.length(), pos + 1 + random.nextInt(9000));
        chunks.add(STREAM.getBuffer(pos, end));
        pos = end;
      }
      assertEquals(EXPECTED, decode(chunks), "round " + round);
    }
  }

  @Test
  void keepsAnUnfinishedFrameUntilItsLastByteArrives() {
    LogFrameDecoder decoder = new LogFrameDecoder();
    List<LogFrame> out = new ArrayList<>();
    Buffer f = frame(1, "abc");
    decoder.feed(f.getBuffer(0, f.length() - 1), out::add);
    assertTrue(out.isEmpty());
    assertTrue(decoder.hasPartialFrame());
    decoder.feed(f.getBuffer(f.length() - 1, f.length()), out::add);
    assertEquals("abc", out.get(0).text());
    assertFalse(decoder.hasPartialFrame());
  }

  @Test
  void rejectsAnUnknownStreamCode() {
    LogFrameDecoder decoder = new LogFrameDecoder();
    assertThrows(IllegalArgumentException.class, () -> decoder.feed(frame(7, "x"), f -> { }));
  }

  @Test
  void rejectsAFrameLargerThanTheLimitAsNotMultiplexed() {
    Buffer header = Buffer.buffer().appendByte((byte) 1).appendBytes(new byte[3]).appendUnsignedInt(0xFFFFFFFFL);
    assertThrows(IllegalArgumentException.class, () -> new LogFrameDecoder().feed(header, f -> { }));
  }
}
