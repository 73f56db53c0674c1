package dev.plat.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zips a function's folder: every regular file not left out by its {@code .platignore}, under a
 * relative '/'-separated name. Symbolic links are not followed and are left out (reported).
 */
final class FunctionZipper {
  private FunctionZipper() {
  }

  /**
   * What went into the zip.
   *
   * @param entries  the entry names, sorted
   * @param bytes    the zip file's size
   * @param skipped  symbolic links that were left out, relative to the root
   */
  record Result(List<String> entries, long bytes, List<String> skipped) {
  }

  /** Writes the zip of {@code root} to {@code zipFile}. */
  static Result zip(Path dir, Path zipFile) throws IOException {
    Path root = dir.toRealPath();
    PlatIgnore ignore = PlatIgnore.load(root);
    List<String> entries = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(root) || !ignore.isIgnored(name(root, dir), true)
          ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String name = name(root, file);
        if (attrs.isSymbolicLink()) {
          skipped.add(name);
        } else if (attrs.isRegularFile() && !file.equals(zipFile) && !ignore.isIgnored(name, false)) {
          entries.add(name);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    entries.sort(null);
    try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name : entries) {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(root.resolve(name), zip);
        zip.closeEntry();
      }
    }
    return new Result(List.copyOf(entries), Files.size(zipFile), List.copyOf(skipped));
  }

  /** The entry name of {@code path}: relative, '/'-separated; refuses anything that climbs out. */
  static String name(Path root, Path path) {
    Path rel = root.relativize(path);
    List<String> parts = new ArrayList<>();
    for (Path part : rel) {
      String s = part.toString();
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        throw new IllegalArgumentException("unsafe path in zip: " + rel);
      }
      parts.add(s);
    }
    if (rel.isAbsolute() || parts.isEmpty()) {
      throw new IllegalArgumentException("unsafe path in zip: " + rel);
    }
    return String.join("/", parts);
  }
}
