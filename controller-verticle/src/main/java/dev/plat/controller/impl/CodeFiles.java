package dev.plat.controller.impl;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** The pool's blocking file work: runtime build contexts, safe tar extraction, hard-link staging. Call off the event loop. */
final class CodeFiles {
  private CodeFiles() {
  }

  /** A runtime's build context as a tar file, and the base image its {@code runtime.json} names (or {@code null}). */
  record RuntimeContext(Path tarFile, String baseImage) {
  }

  /** Tars {@code folder} (minus {@code template/} and {@code tests/}) plus an empty {@code function/}: the generic image. */
  static RuntimeContext runtimeContext(Path folder) throws IOException {
    if (!Files.isRegularFile(folder.resolve("Dockerfile"))) {
      throw new IOException("no runtime folder with a Dockerfile at " + folder);
    }
    String baseImage = null;
    Path runtimeJson = folder.resolve("runtime.json");
    if (Files.isRegularFile(runtimeJson)) {
      baseImage = new JsonObject(Files.readString(runtimeJson)).getString("baseImage");
    }
    Path tar = Files.createTempFile("plat-pool-context-", ".tar");
    try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream tos = new TarArchiveOutputStream(out);
         Stream<Path> walk = Files.walk(folder)) {
      tos.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path p : walk.sorted().toList()) {
        String rel = folder.relativize(p).toString().replace('\\', '/');
        if (rel.isEmpty() || rel.equals("template") || rel.startsWith("template/") || rel.equals("tests")
            || rel.startsWith("tests/") || !(Files.isRegularFile(p) || Files.isDirectory(p))) {
          continue;
        }
        TarArchiveEntry entry = new TarArchiveEntry(p.toFile(), rel);
        tos.putArchiveEntry(entry);
        if (Files.isRegularFile(p)) {
          Files.copy(p, tos);
        }
        tos.closeArchiveEntry();
      }
      TarArchiveEntry function = new TarArchiveEntry("function/");
      function.setMode(0755 | TarArchiveEntry.DEFAULT_DIR_MODE);
      tos.putArchiveEntry(function);
      tos.closeArchiveEntry();
    }
    return new RuntimeContext(tar, baseImage);
  }

  /**
   * Extracts {@code tar} (when it exists) into {@code dest}, an empty folder of ours. The tar comes
   * from a function's image, so it is hostile input: only regular files and folders are taken,
   * modes become 0644/0755 (owner-executable files 0755; no setuid, setgid or world-write); an
   * absolute or {@code ..} path, a symbolic or hard link, a device, a FIFO, a sparse file, a name
   * given twice or a path through anything but a folder fails the extraction with an
   * {@link UnsafeArchiveException} naming the entry. Nothing is written through a link: folders are
   * made one level at a time and checked without following links, files are created new.
   */
  static void extract(Path tar, Path dest) throws IOException {
    extract(tar, "", dest);
  }

  /** {@link #extract(Path, Path)} of the entries whose names start with {@code under} only (the others skipped). */
  static void extract(Path tar, String under, Path dest) throws IOException {
    if (!Files.exists(tar, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.createDirectories(dest);
    Path root = dest.toRealPath();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tar, LinkOption.NOFOLLOW_LINKS));
         TarArchiveInputStream tis = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tis.getNextEntry()) != null) {
        if (!e.getName().startsWith(under)) {
          continue;
        }
        List<String> segments = segments(e.getName());
        byte type = e.getLinkFlag();
        boolean plain = type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM;
        if (e.isSparse() || !(type == TarConstants.LF_DIR || plain)) {
          throw new UnsafeArchiveException("'" + e.getName() + "' is " + kind(e) + "; the exported code may hold only files and folders");
        }
        Path parent = folders(root, segments.subList(0, Math.max(segments.size() - 1, 0)), e.getName());
        if (segments.isEmpty()) {
          continue;
        }
        Path target = parent.resolve(segments.get(segments.size() - 1));
        if (type == TarConstants.LF_DIR || e.getName().endsWith("/")) {
          folders(parent, segments.subList(segments.size() - 1, segments.size()), e.getName());
        } else {
          writeNew(tis, target, (e.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--", e.getName());
        }
      }
    }
  }

  /** The plain segments of an entry name ({@code ./} and empty ones dropped); absolute or {@code ..} names are refused. */
  private static List<String> segments(String name) throws UnsafeArchiveException {
    if (name.isEmpty() || name.startsWith("/") || name.indexOf('\0') >= 0) {
      throw new UnsafeArchiveException("'" + name + "' is not a relative path");
    }
    List<String> out = new java.util.ArrayList<>();
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw new UnsafeArchiveException("'" + name + "' climbs out with '..'");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        out.add(segment);
      }
    }
    return out;
  }

  /** Makes (or finds) {@code segments} under {@code base} one level at a time; each must be a real folder, not a link. */
  private static Path folders(Path base, List<String> segments, String name) throws IOException {
    Path dir = base;
    for (String segment : segments) {
      dir = dir.resolve(segment);
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      } catch (FileAlreadyExistsException exists) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          throw new UnsafeArchiveException("'" + name + "' passes through '" + base.relativize(dir) + "', which is not a folder");
        }
      }
      permissions(dir, "rwxr-xr-x");
    }
    return dir;
  }

  private static void writeNew(InputStream in, Path target, String mode, String name) throws IOException {
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      in.transferTo(out);
    } catch (FileAlreadyExistsException twice) {
      throw new UnsafeArchiveException("'" + name + "' is given twice or over a folder");
    }
    permissions(target, mode);
  }

  /** Sets exact permissions (no umask), without following a link. */
  private static void permissions(Path path, String mode) throws IOException {
    Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
      .setPermissions(PosixFilePermissions.fromString(mode));
  }

  private static String kind(TarArchiveEntry e) {
    if (e.isSymbolicLink()) {
      return "a symbolic link (to '" + e.getLinkName() + "')";
    }
    if (e.isLink()) {
      return "a hard link (to '" + e.getLinkName() + "')";
    }
    if (e.isCharacterDevice() || e.isBlockDevice()) {
      return "a device";
    }
    if (e.isFIFO()) {
      return "a FIFO";
    }
    return e.isSparse() ? "a sparse file" : "an entry of type '" + (char) e.getLinkFlag() + "'";
  }

  /** The exported code broke a rule of {@link #extract}: the function's image, not the host, is at fault. */
  static final class UnsafeArchiveException extends IOException {
    UnsafeArchiveException(String message) {
      super("unsafe exported code: " + message);
    }
  }

  /** Recreates {@code source}'s tree under {@code dest}: folders made, files hard-linked (copied when linking fails). */
  static void link(Path source, Path dest) throws IOException {
    if (!Files.isDirectory(source)) {
      throw new IOException("no exported code at " + source);
    }
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path p : walk.sorted().toList()) {
        Path target = dest.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          try {
            Files.createLink(target, p);
          } catch (FileAlreadyExistsException e) {
            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    }
  }

  /** Deletes the other versions next to {@code target} (running instances keep their hard links). */
  static void deleteSiblings(Path target) throws IOException {
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    try (Stream<Path> siblings = Files.list(parent)) {
      for (Path s : siblings.filter(s -> !s.equals(target)).toList()) {
        deleteTree(s);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
