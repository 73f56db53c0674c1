package dev.plat.docker;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Docker build contexts made in memory for tests: a tar of named files. */
public final class TarContext {

  private final Map<String, byte[]> files = new LinkedHashMap<>();

  /** @return an empty context */
  public static TarContext create() {
    return new TarContext();
  }

  /** A context with just a Dockerfile. */
  public static TarContext dockerfile(String dockerfile) {
    return create().file("Dockerfile", dockerfile);
  }

  /** Adds a text file (UTF-8), e.g. {@code file("app/main.py", "...")}. */
  public TarContext file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a file. */
  public TarContext file(String path, byte[] content) {
    files.put(path, content.clone());
    return this;
  }

  /** @return the tar archive */
  public Buffer toBuffer() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  /** @return the tar archive as a stream of {@code chunkSize} chunks that honours back-pressure */
  public BufferReadStream toStream(Vertx vertx, int chunkSize) {
    return new BufferReadStream(vertx, toBuffer(), chunkSize);
  }
}
