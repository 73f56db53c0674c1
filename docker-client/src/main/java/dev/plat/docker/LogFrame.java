package dev.plat.docker;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame of a container's output: a chunk the container wrote to one stream. A frame is not a
 * line: a line may span frames and a frame may hold several lines.
 *
 * @param stream the stream it was written to
 * @param payload the bytes written
 */
public record LogFrame(Stream stream, Buffer payload) {

  /** The stream of a frame; the code is the first byte of the frame header. */
  public enum Stream {
    STDIN(0), STDOUT(1), STDERR(2);

    private final int code;

    Stream(int code) {
      this.code = code;
    }

    /** @return the header code */
    public int code() {
      return code;
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static Stream of(int code) {
      for (Stream s : values()) {
        if (s.code == code) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown log stream code " + code);
    }
  }

  /** @return the payload decoded as UTF-8 */
  public String text() {
    return payload.toString(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return stream + ":" + text();
  }
}
