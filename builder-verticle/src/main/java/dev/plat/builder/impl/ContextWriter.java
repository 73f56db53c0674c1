package dev.plat.builder.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Writes a Docker build context: the runtime folder's files at the root (its {@code template/}
 * left out) and the zip's entries under {@code function/}. Every entry has the same time, owner
 * and a mode of 0644 or 0755, in name order, so unchanged files hash the same from build to build
 * and Docker's layer cache hits on everything but what changed.
 *
 * <p>The image labels are added to the Dockerfile as one {@code LABEL} instruction: the classic
 * builder turns the API's {@code labels} into one step (one container, ~0.2 s) per label, this
 * costs one step for all. When the Dockerfile ends with a {@code COPY} (the code, as the runtimes
 * contract asks) the instruction goes just before it: labels that stay the same from one build of
 * a function to the next then come from the build cache, and a code-only change rebuilds one step.
 * Blocking: call it off the event loop.
 */
public final class ContextWriter {
  /** Folder of the user's code inside the context. */
  public static final String FUNCTION_DIR = "function/";
  /** Runtime sub-folder that is for {@code plat init}, not for images. */
  static final String TEMPLATE_DIR = "template";
  private static final FileTime EPOCH = FileTime.fromMillis(946_684_800_000L); // 2000-01-01
  private static final int FILE_MODE = 0100644;
  private static final int EXEC_MODE = 0100755;
  private static final int DIR_MODE = 040755;

  private ContextWriter() {
  }

  /** The Dockerfile every runtime has at its root. */
  public static final String DOCKERFILE = "Dockerfile";
  private static final int MAX_DOCKERFILE = 1 << 20;

  /**
   * Writes the context of {@code runtime} + the validated {@code zip} to {@code out} (created or
   * replaced), with {@code labels} added to the Dockerfile.
   */
  public static void write(Runtime runtime, Path zip, ZipManifest manifest, Map<String, String> labels, Path out)
      throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(out);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.BufferedOutputStream(file, 64 * 1024))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      writeRuntime(runtime.dir(), labels, tar);
      directory(tar, FUNCTION_DIR);
      try (ZipFile source = ZipFile.builder().setPath(zip).get()) {
        for (ZipManifest.Item item : manifest.entries()) {
          writeItem(source, item, tar);
        }
      }
      tar.finish();
    }
  }

  private static void writeRuntime(Path dir, Map<String, String> labels, TarArchiveOutputStream tar) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> !p.equals(dir))
        .filter(p -> !dir.relativize(p).startsWith(TEMPLATE_DIR))
        .filter(p -> !dir.relativize(p).startsWith(FUNCTION_DIR.substring(0, FUNCTION_DIR.length() - 1)))
        .sorted().toList();
    }
    for (Path path : files) {
      String name = dir.relativize(path).toString().replace(java.io.File.separatorChar, '/');
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        directory(tar, name + "/");
      } else if (name.equals(DOCKERFILE)) {
        byte[] dockerfile = withLabels(path, labels);
        file(tar, name, dockerfile.length, false, new java.io.ByteArrayInputStream(dockerfile));
      } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        try (InputStream in = Files.newInputStream(path)) {
          file(tar, name, Files.size(path), Files.isExecutable(path), in);
        }
      }
    }
  }

  private static byte[] withLabels(Path dockerfile, Map<String, String> labels) throws IOException {
    if (Files.size(dockerfile) > MAX_DOCKERFILE) {
      throw new IOException(dockerfile + " is larger than " + MAX_DOCKERFILE + " bytes");
    }
    String text = Files.readString(dockerfile);
    if (labels.isEmpty()) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder label = new StringBuilder("# Added by the Plat builder.\nLABEL");
    new TreeMap<>(labels).forEach((k, v) -> label.append(' ').append(quote(k)).append('=').append(quote(v)));
    label.append('\n');
    int last = lastInstruction(text);
    if (last >= 0 && text.regionMatches(true, last, "COPY", 0, 4) && text.length() > last + 4
        && Character.isWhitespace(text.charAt(last + 4))) {
      return new StringBuilder(text).insert(last, label).toString().getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder out = new StringBuilder(text);
    if (!text.endsWith("\n")) {
      out.append('\n');
    }
    return out.append(label).toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Where the Dockerfile's last instruction begins (its first line: lines that continue one ending
   * with a backslash, and comments or blank lines among them, are part of it); -1 when there is none.
   */
  static int lastInstruction(String dockerfile) {
    int last = -1;
    boolean continued = false;
    int start = 0;
    while (start < dockerfile.length()) {
      int end = dockerfile.indexOf('\n', start);
      end = end < 0 ? dockerfile.length() : end;
      String line = dockerfile.substring(start, end).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        if (!continued) {
          last = start + (dockerfile.substring(start, end).length() - dockerfile.substring(start, end).stripLeading().length());
        }
        continued = line.endsWith("\\");
      }
      start = end + 1;
    }
    return last;
  }

  /** A Dockerfile double-quoted string: no variable expansion, no line break. */
  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
      .replaceAll("[\\r\\n]", " ") + '"';
  }

  private static void writeItem(ZipFile source, ZipManifest.Item item, TarArchiveOutputStream tar) throws IOException {
    String name = FUNCTION_DIR + item.name();
    switch (item.kind()) {
      case DIRECTORY -> directory(tar, name + "/");
      case SYMLINK -> {
        TarArchiveEntry link = entry(name, TarConstants.LF_SYMLINK);
        link.setMode(0120777);
        link.setLinkName(item.linkTarget());
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
      case FILE -> {
        ZipArchiveEntry entry = source.getEntry(item.rawName());
        if (entry == null) {
          throw new IOException("the zip changed while it was read: '" + item.rawName() + "' is gone");
        }
        try (InputStream in = source.getInputStream(entry)) {
          file(tar, name, item.size(), item.executable(), in);
        }
      }
    }
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry dir = entry(name, TarConstants.LF_DIR);
    dir.setMode(DIR_MODE);
    tar.putArchiveEntry(dir);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, long size, boolean executable, InputStream in)
      throws IOException {
    TarArchiveEntry file = entry(name, TarConstants.LF_NORMAL);
    file.setMode(executable ? EXEC_MODE : FILE_MODE);
    file.setSize(size);
    tar.putArchiveEntry(file);
    long copied = in.transferTo(tar);
    if (copied != size) {
      throw new IOException("'" + name + "' changed while it was read (" + copied + " bytes, expected " + size + ")");
    }
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry entry(String name, byte type) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setLastModifiedTime(EPOCH);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    return entry;
  }
}
