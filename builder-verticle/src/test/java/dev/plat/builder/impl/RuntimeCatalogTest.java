package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.PlatError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeCatalogTest {
  @TempDir
  Path root;

  @Test
  void readsTheHandlerAndItsAlternativesFromRuntimeJson() throws IOException {
    Runtime runtime = Zips.runtime(root, "python-flask");
    assertEquals("handler.py", runtime.handler());
    assertEquals(List.of("handler.py", "app.py"), runtime.entryPoints());
    assertEquals(root.resolve("python-flask"), runtime.dir());
  }

  @Test
  void refusesAnUnknownRuntimeNamingTheKnownOnes() throws IOException {
    Zips.runtime(root, "python-flask");
    Files.createDirectories(root.resolve("base"));
    PlatError e = assertThrows(PlatError.class, () -> new RuntimeCatalog(root).find("cobol"));
    assertEquals(400, e.status());
    assertEquals("unknown_runtime", e.code());
    assertTrue(e.getMessage().endsWith("known runtimes: python-flask"), e.getMessage());
  }

  @Test
  void refusesRuntimeNamesThatAreNotPlainFolderNames() throws IOException {
    Zips.runtime(root, "python-flask");
    for (String name : new String[] {"../python-flask", "python-flask/", "", "Python-Flask"}) {
      assertEquals("unknown_runtime", assertThrows(PlatError.class, () -> new RuntimeCatalog(root).find(name)).code());
    }
  }

  @Test
  void reportsABrokenRuntimeJsonAsAServerError() throws IOException {
    Zips.runtime(root, "broken");
    Files.writeString(root.resolve("broken/runtime.json"), "{\"name\":\"broken\"}");
    PlatError e = assertThrows(PlatError.class, () -> new RuntimeCatalog(root).find("broken"));
    assertEquals(500, e.status());
    assertEquals("bad_runtime", e.code());
  }
}
