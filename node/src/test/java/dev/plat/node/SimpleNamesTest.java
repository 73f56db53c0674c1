package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One meaning per name: no two source files of the project's main code (every module, the CLI
 * included) share a simple class name, so that a name met in a stack trace, a log or a review
 * points at one class.
 */
class SimpleNamesTest {
  /** The checkout: this module's parent folder. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void no_two_main_classes_share_a_simple_name() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(ROOT)) {
      sources = files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java"))
        .filter(p -> ROOT.relativize(p).toString().matches("[^/]+/src/main/java/.*"))
        .toList();
    }
    assertTrue(sources.size() > 100, "the walk found the project's sources: " + sources.size() + " under " + ROOT);
    Map<String, List<String>> byName = sources.stream().collect(Collectors.groupingBy(
      p -> p.getFileName().toString(), TreeMap::new, Collectors.mapping(p -> ROOT.relativize(p).toString(),
        Collectors.toList())));
    Map<String, List<String>> shared = new TreeMap<>(byName);
    shared.values().removeIf(paths -> paths.size() < 2);
    assertEquals(Map.of(), shared, "simple class names used by more than one class");
  }
}
