package dev.plat.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runtimes {@code plat init} can start from: folders {@code <R>/} holding a
 * {@code runtime.json} and a {@code template/} folder. Found in, first: {@code --runtimes-dir},
 * {@code $PLAT_HOME/runtimes}, the copy embedded in the CLI jar (or its classes folder).
 */
final class Runtimes implements AutoCloseable {
  static final String ENV_HOME = "PLAT_HOME";
  private final Path root;
  private final FileSystem jarFs;

  private Runtimes(Path root, FileSystem jarFs) {
    this.root = root;
    this.jarFs = jarFs;
  }

  static Runtimes locate(Path runtimesDir, CliContext ctx) throws IOException {
    if (runtimesDir != null) {
      return new Runtimes(runtimesDir, null);
    }
    String home = ctx.env(ENV_HOME);
    if (home != null && Files.isDirectory(Path.of(home, "runtimes"))) {
      return new Runtimes(Path.of(home, "runtimes"), null);
    }
    return embedded();
  }

  private static Runtimes embedded() throws IOException {
    Path location;
    try {
      location = Path.of(Runtimes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new IOException("cannot find the CLI's own jar: " + e.getMessage(), e);
    }
    if (Files.isDirectory(location)) {
      return new Runtimes(location.resolve("runtimes"), null);
    }
    FileSystem fs = FileSystems.newFileSystem(location);
    return new Runtimes(fs.getPath("/runtimes"), fs);
  }

  /** Where the runtimes are read from, for messages. */
  String where() {
    return jarFs == null ? root.toString() : "the plat-cli jar";
  }

  /** The runtime names, sorted. */
  List<String> names() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("runtime.json")) && Files.isDirectory(d.resolve("template")))
        .map(d -> d.getFileName().toString().replace("/", "")).sorted().toList();
    }
  }

  /** The template folder of a runtime, when it exists. */
  Optional<Path> template(String name) throws IOException {
    return names().contains(name) ? Optional.of(root.resolve(name).resolve("template")) : Optional.empty();
  }

  @Override
  public void close() throws IOException {
    if (jarFs != null) {
      jarFs.close();
    }
  }
}
