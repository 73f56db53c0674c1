package dev.plat.proxy.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Cuts a message body out of a connection's bytes, as slices of them (no copy): by length, chunked
 * (de-chunked; chunk extensions and trailers dropped) or up to the connection's close. Each
 * {@link #next} gives a piece as an {@code HttpContent}, the last one a {@code LastHttpContent}.
 */
public final class BodyReader {
  /** {@link #next} needs more bytes. */
  public static final Object MORE = new Object();
  /** {@link #next} found bytes that are not a chunked body: the connection cannot go on. */
  public static final Object BROKEN = new Object();
  private static final int IDLE = 0;
  private static final int LENGTH = 1;
  private static final int CHUNK_SIZE = 2;
  private static final int CHUNK_DATA = 3;
  private static final int CHUNK_END = 4;
  private static final int TRAILER = 5;
  private static final int UNTIL_CLOSE = 6;
  private static final int MAX_LINE = 4096;

  private int state = IDLE;
  /** Bytes of the body ({@link #LENGTH}) or of the chunk ({@link #CHUNK_DATA}) still to come. */
  private long left;

  /** A body of {@code length} bytes follows (none when 0: {@link #next} is not to be called). */
  public void length(long length) {
    state = length > 0 ? LENGTH : IDLE;
    left = length;
  }

  /** A chunked body follows. */
  public void chunked() {
    state = CHUNK_SIZE;
  }

  /** A body that ends with the connection follows. */
  public void untilClose() {
    state = UNTIL_CLOSE;
  }

  /** Whether a body is being read. */
  public boolean reading() {
    return state != IDLE;
  }

  /** Whether the body ends with the connection. */
  public boolean untilCloseNow() {
    return state == UNTIL_CLOSE;
  }

  /** The next piece of the body from {@code in} (to release), {@link #MORE} or {@link #BROKEN}. */
  public Object next(ByteBuf in) {
    while (true) {
      switch (state) {
        case LENGTH, CHUNK_DATA -> {
          int n = (int) Math.min(left, in.readableBytes());
          if (n == 0) {
            return MORE;
          }
          ByteBuf piece = in.readRetainedSlice(n);
          left -= n;
          if (left > 0) {
            return new DefaultHttpContent(piece);
          }
          if (state == LENGTH) {
            state = IDLE;
            return new DefaultLastHttpContent(piece);
          }
          state = CHUNK_END;
          return new DefaultHttpContent(piece);
        }
        case UNTIL_CLOSE -> {
          return in.isReadable() ? new DefaultHttpContent(in.readRetainedSlice(in.readableBytes())) : MORE;
        }
        case CHUNK_END -> {
          if (in.readableBytes() < 2) {
            return MORE;
          }
          if (in.readByte() != '\r' || in.readByte() != '\n') {
            return BROKEN;
          }
          state = CHUNK_SIZE;
        }
        case CHUNK_SIZE -> {
          long size = chunkSize(in);
          if (size == -1) {
            return MORE;
          }
          if (size < 0) {
            return BROKEN;
          }
          state = size == 0 ? TRAILER : CHUNK_DATA;
          left = size;
        }
        case TRAILER -> {  // trailer lines up to an empty one; they are not passed on
          int from = in.readerIndex();
          int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
          if (lf < 0) {
            return in.readableBytes() < RawHead.MAX_HEAD ? MORE : BROKEN;
          }
          in.readerIndex(lf + 1);
          if (lf == from || (lf == from + 1 && in.getByte(from) == '\r')) {
            state = IDLE;
            return LastHttpContent.EMPTY_LAST_CONTENT;
          }
        }
        default -> throw new IllegalStateException("no body is being read");
      }
    }
  }

  /**
   * The size on the chunk-size line at {@code in}'s reader index, the reader index moved past the
   * line: -1 when the line has not all arrived (nothing read), -2 when it is not a chunk-size line.
   */
  static long chunkSize(ByteBuf in) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, start + Math.min(in.readableBytes(), MAX_LINE), (byte) '\n');
    if (lf < 0) {
      return in.readableBytes() >= MAX_LINE ? -2 : -1;
    }
    long size = 0;
    int digits = 0;
    int i = start;
    for (; i < lf; i++) {
      int d = Character.digit(in.getByte(i), 16);
      if (d < 0) {
        break;
      }
      size = size * 16 + d;
      if (++digits > 15) {
        return -2;
      }
    }
    byte stop = in.getByte(i);
    if (digits == 0 || in.getByte(lf - 1) != '\r' || (stop != ';' && stop != ' ' && stop != '\t' && i != lf - 1)) {
      return -2;
    }
    in.readerIndex(lf + 1);
    return size;
  }
}
