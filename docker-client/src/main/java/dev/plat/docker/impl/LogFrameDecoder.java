package dev.plat.docker.impl;

import dev.plat.docker.LogFrame;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Demultiplexes the daemon's framed output of a container without a TTY: every frame is an 8-byte
 * header {@code [stream, 0, 0, 0, size (uint32, big endian)]} then {@code size} bytes. Chunks may
 * split headers and payloads anywhere.
 */
public final class LogFrameDecoder {

  /** Largest frame accepted; the daemon writes far smaller ones. */
  public static final long MAX_FRAME_SIZE = 64L * 1024 * 1024;
  private static final int HEADER = 8;

  private Buffer pending = Buffer.buffer();

  /**
   * Feeds the next chunk; every frame it completes goes to {@code out} before this returns.
   *
   * @throws IllegalArgumentException on an unknown stream code or an oversized frame
   */
  public void feed(Buffer chunk, Consumer<LogFrame> out) {
    pending.appendBuffer(chunk);
    int pos = 0;
    while (pending.length() - pos >= HEADER) {
      long size = pending.getUnsignedInt(pos + 4);
      if (size > MAX_FRAME_SIZE) {
        throw new IllegalArgumentException("log frame of " + size + " bytes: not a multiplexed stream?");
      }
      LogFrame.Stream stream = LogFrame.Stream.of(pending.getUnsignedByte(pos));
      if (pending.length() - pos - HEADER < size) {
        break;
      }
      int end = pos + HEADER + (int) size;
      out.accept(new LogFrame(stream, pending.getBuffer(pos + HEADER, end)));
      pos = end;
    }
    if (pos > 0) {
      pending = pending.getBuffer(pos, pending.length());
    }
  }

  /** @return {@code true} when bytes of an unfinished frame are held (a truncated stream at its end) */
  public boolean hasPartialFrame() {
    return pending.length() > 0;
  }
}
