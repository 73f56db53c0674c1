package dev.plat.controller.impl;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

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
   * Extracts {@code tar} (when it exists) under {@code dest}: regular files and folders only,
   * modes 0644/0755; an absolute or {@code ..} path or a link fails the extraction.
   */
  static void extract(Path tar, Path dest) throws IOException {
    if (!Files.exists(tar)) {
      return;
    }
    Files.createDirectories(dest);
    Path root = dest.toAbsolutePath().normalize();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
         TarArchiveInputStream tis = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tis.getNextEntry()) != null) {
        String name = e.getName();
        if (name.startsWith("/") || List.of(name.split("/")).contains("..")) {
          throw new IOException("unsafe path in the exported code: " + name);
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("unsafe path in the exported code: " + name);
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (e.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tis, target, StandardCopyOption.REPLACE_EXISTING);
          boolean exec = (e.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
        } else {
          throw new IOException("links and special files are not exported: " + name);
        }
      }
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
