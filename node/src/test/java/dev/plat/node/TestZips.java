package dev.plat.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Zips made in memory for deploy requests, including the malformed and malicious ones a client could send. */
public final class TestZips {
  /** A python-flask handler that answers "ok". */
  static final String HANDLER_PY = "def handle(req):\n    return 'ok'\n";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes);

  /** Adds a regular file. */
  TestZips file(String name, byte[] content) {
    try {
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      entry.setUnixMode(0100644);
      zip.putArchiveEntry(entry);
      zip.write(content);
      zip.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestZips file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a symbolic link {@code name -> target} (unix mode 0120777, the target as the entry's data). */
  TestZips symlink(String name, String target) {
    try {
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      entry.setUnixMode(0120777);
      zip.putArchiveEntry(entry);
      zip.write(target.getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] bytes() {
    try {
      zip.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestZips zip() {
    return new TestZips();
  }

  /** A valid python-flask function. */
  public static byte[] pythonFunction() {
    return zip().file("handler.py", HANDLER_PY).bytes();
  }

  /** A python-flask function answering with what it received: {"path", "query", "headers"}. */
  public static byte[] pythonEcho() {
    return zip().file("handler.py", "def handle(req):\n"
      + "    return {\"path\": req.path, \"query\": req.query_string, \"headers\": dict(req.headers)}\n").bytes();
  }

  /** A python-flask function whose handler.py is {@code handlerPy}. */
  public static byte[] pythonFunction(String handlerPy) {
    return zip().file("handler.py", handlerPy).bytes();
  }

  /** {@code n} bytes that do not compress, from a fixed seed. */
  static byte[] incompressible(int n) {
    byte[] data = new byte[n];
    new Random(42).nextBytes(data);
    return data;
  }
}
