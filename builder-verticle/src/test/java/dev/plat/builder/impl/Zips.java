package dev.plat.builder.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds zips for tests, hostile ones included: any name, symbolic links, modes. */
final class Zips {
  private final Map<String, Object> entries = new LinkedHashMap<>();
  private final Map<String, Integer> modes = new LinkedHashMap<>();

  static Zips of() {
    return new Zips();
  }

  /** A file with text content. */
  Zips file(String name, String content) {
    entries.put(name, content.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** A file of {@code size} zero bytes, written in chunks (compresses ~1000:1). */
  Zips zeros(String name, long size) {
    entries.put(name, size);
    return this;
  }

  Zips executable(String name, String content) {
    file(name, content);
    modes.put(name, 0755);
    return this;
  }

  Zips dir(String name) {
    entries.put(name.endsWith("/") ? name : name + "/", null);
    return this;
  }

  Zips symlink(String name, String target) {
    entries.put(name, new Link(target));
    return this;
  }

  Path writeTo(Path zip) throws IOException {
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
      for (Map.Entry<String, Object> e : entries.entrySet()) {
        ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
        Object value = e.getValue();
        if (value instanceof Link link) {
          entry.setUnixMode(UnixStat.LINK_FLAG | 0777);
          out.putArchiveEntry(entry);
          out.write(link.target.getBytes(StandardCharsets.UTF_8));
        } else if (value == null) {
          entry.setUnixMode(UnixStat.DIR_FLAG | 0755);
          out.putArchiveEntry(entry);
        } else {
          entry.setUnixMode(UnixStat.FILE_FLAG | modes.getOrDefault(e.getKey(), 0644));
          out.putArchiveEntry(entry);
          if (value instanceof byte[] bytes) {
            out.write(bytes);
          } else {
            writeZeros(out, (Long) value);
          }
        }
        out.closeArchiveEntry();
      }
    }
    return zip;
  }

  private static void writeZeros(OutputStream out, long size) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    for (long left = size; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(chunk.length, left));
    }
  }

  private record Link(String target) {
  }

  /** A runtime folder like the real ones: Dockerfile, runtime.json, a shim and a template. */
  static Runtime runtime(Path root, String name) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("runtime.json"), "{\"name\":\"" + name + "\",\"handler\":\"handler.py\","
      + "\"alternatives\":[\"app.py\"],\"baseImage\":\"plat/python-base:bookworm\",\"future\":{\"ignored\":true}}");
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY function/requirements.tx[t] /deps/\nCOPY function/ /function/\n");
    Files.writeString(dir.resolve("shim.py"), "print('shim')\n");
    Path start = Files.writeString(dir.resolve("start.sh"), "#!/bin/sh\n");
    start.toFile().setExecutable(true);
    Files.createDirectories(dir.resolve("template"));
    Files.writeString(dir.resolve("template/handler.py"), "def handle(req): pass\n");
    return new RuntimeCatalog(root).find(name);
  }
}
