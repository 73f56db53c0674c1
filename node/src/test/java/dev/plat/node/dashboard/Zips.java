package dev.plat.node.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips for the deploy form: a runtime's template as a user would zip it, and a file that is no zip. */
public final class Zips {
  private Zips() {
  }

  /** {@code <runtimes>/<runtime>/template} zipped into {@code target} (files at the zip's root). */
  public static Path template(String runtime, Path target) throws IOException {
    return template(runtime, target, Map.of());
  }

  /** The template zipped with some files' text replaced ({@code replaced}: path in the zip to its text). */
  public static Path template(String runtime, Path target, Map<String, String> replaced) throws IOException {
    Path template = DashboardNode.repoRoot().resolve("runtimes").resolve(runtime).resolve("template");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(template)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Path file : files) {
        String entry = template.relativize(file).toString().replace('\\', '/');
        zip.putNextEntry(new ZipEntry(entry));
        if (replaced.containsKey(entry)) {
          zip.write(replaced.get(entry).getBytes(StandardCharsets.UTF_8));
        } else {
          Files.copy(file, zip);
        }
        zip.closeEntry();
      }
    }
    return target;
  }

  /** A text file named like a zip: the server refuses it. */
  public static Path notAZip(Path target) throws IOException {
    return Files.writeString(target, "this is not a zip archive, just text\n".repeat(20));
  }
}
