package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimesTest {
  @TempDir
  Path tmp;

  @Test
  void withoutPlatHomeTheRuntimesBuiltIntoTheCliAreTheRepositorysOnes() throws IOException {
    CliContext ctx = new CliContext(System.out, System.err, System.in, Map.of(), tmp, tmp, false);
    List<String> expected = sourceRuntimes(Path.of("..", "runtimes"));
    try (Runtimes runtimes = Runtimes.locate(null, ctx)) {
      assertEquals(expected, runtimes.names());
    }
  }

  @Test
  void aPlatHomeWithoutRuntimesFallsBackToTheBuiltInOnes() throws IOException {
    CliContext ctx = new CliContext(System.out, System.err, System.in, Map.of("PLAT_HOME", tmp.toString()),
      tmp, tmp, false);
    try (Runtimes runtimes = Runtimes.locate(null, ctx)) {
      assertEquals(sourceRuntimes(Path.of("..", "runtimes")), runtimes.names());
    }
  }

  /** Runtime folders with a runtime.json and a template/ in the source tree. */
  private static List<String> sourceRuntimes(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(dir)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("runtime.json")) && Files.isDirectory(d.resolve("template")))
        .map(d -> d.getFileName().toString()).sorted().toList();
    }
  }
}
