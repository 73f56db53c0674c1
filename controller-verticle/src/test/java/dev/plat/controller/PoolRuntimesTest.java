package dev.plat.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runtimes have a pool, read from their runtime.json files. */
class PoolRuntimesTest {
  @TempDir
  Path dir;

  private Path runtime(String name, String json) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name));
    return Files.writeString(folder.resolve("runtime.json"), json);
  }

  @Test
  void aRuntimeIsPooledOnlyWhenItsRuntimeJsonSaysPoolTrue() throws Exception {
    runtime("python-flask", "{\"name\": \"python-flask\", \"pool\": true, \"poolDeps\": \"/opt/venv/lib\"}");
    runtime("node", "{\"name\": \"node\", \"pool\": true}");
    runtime("ruby", "{\"name\": \"ruby\"}");
    runtime("go", "{\"name\": \"go\", \"pool\": false, \"poolDeps\": \"/deps\"}");
    Files.createDirectories(dir.resolve("base"));  // a folder without runtime.json is no runtime

    PoolRuntimes read = PoolRuntimes.read(dir);

    assertEquals(Set.of("python-flask", "node"), read.names());
    assertTrue(read.pooled("node"));
    assertFalse(read.pooled("ruby"), "no \"pool\" field: no pool");
    assertFalse(read.pooled("go"));
    assertFalse(read.pooled(null));
    assertEquals("/opt/venv/lib", read.depsPath("python-flask"));
    assertNull(read.depsPath("node"));
    assertNull(read.depsPath("go"), "not pooled: nothing exported");
  }

  @Test
  void theRuntimesOfThisCheckoutAreBothPooled() {
    PoolRuntimes read = PoolRuntimes.read(Path.of("..", "runtimes"));
    assertEquals(Set.of("python-flask", "node"), read.names());
    assertEquals("/opt/venv/lib", read.depsPath("python-flask"));
    assertEquals("/node_modules", read.depsPath("node"));
  }

  @Test
  void aMissingRuntimesFolderHasNoPooledRuntime() {
    assertTrue(PoolRuntimes.read(dir.resolve("nowhere")).names().isEmpty());
  }

  @Test
  void aPoolFlagThatIsNotABooleanIsRefusedNamingTheFileAndTheValue() throws Exception {
    Path file = runtime("node", "{\"name\": \"node\", \"pool\": \"yes\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolRuntimes.read(dir));
    assertEquals(file + ": \"pool\" must be true or false, not \"yes\"", e.getMessage());
  }

  @Test
  void aRelativeOrClimbingDependencyPathIsRefused() throws Exception {
    Path file = runtime("node", "{\"name\": \"node\", \"pool\": true, \"poolDeps\": \"node_modules\"}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolRuntimes.read(dir));
    assertTrue(e.getMessage().startsWith(file + ": \"poolDeps\" must be an absolute path"), e.getMessage());
    runtime("node", "{\"name\": \"node\", \"pool\": true, \"poolDeps\": \"/a/../etc\"}");
    assertThrows(IllegalArgumentException.class, () -> PoolRuntimes.read(dir));
    runtime("node", "{\"name\": \"node\", \"pool\": true, \"poolDeps\": 3}");
    assertThrows(IllegalArgumentException.class, () -> PoolRuntimes.read(dir));
  }

  @Test
  void aRuntimeJsonThatIsNotJsonIsRefusedNamingTheFile() throws Exception {
    Path file = runtime("node", "{\"name\": ");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolRuntimes.read(dir));
    assertTrue(e.getMessage().startsWith(file + " is not a JSON object"), e.getMessage());
  }
}
