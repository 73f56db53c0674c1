package dev.plat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A request body, written to the connection as it is read (never held whole in memory, but for
 * text given as a string). A body of unknown length is sent chunked.
 */
public interface RequestBody {
  /** @return the length in bytes, 0 for no body, -1 when unknown (sent chunked) */
  long length();

  /** Writes the body to the connection. */
  void writeTo(OutputStream out) throws IOException;

  static RequestBody none() {
    return bytes(new byte[0]);
  }

  static RequestBody text(String text) {
    return bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  static RequestBody bytes(byte[] bytes) {
    return new RequestBody() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
      }
    };
  }

  /** The file's content; its length is taken now. */
  static RequestBody file(Path file) throws IOException {
    return stream(Files.size(file), () -> {
      try {
        return Files.newInputStream(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** What {@code open} gives, {@code length} bytes (-1: unknown, until its end). */
  static RequestBody stream(long length, Supplier<InputStream> open) {
    return new RequestBody() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = open.get()) {
          in.transferTo(out);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
    };
  }
}
