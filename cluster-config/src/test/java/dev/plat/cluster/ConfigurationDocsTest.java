package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.impl.ConfigDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationDocsTest {
  /** The module's tests run in cluster-config/; the page lives in the repository's docs/. */
  private static final Path PAGE = Path.of("").toAbsolutePath().getParent().resolve("docs/configuration.md");

  @Test
  void docsConfigurationMdIsTheOneGeneratedFromConfigKey() throws IOException {
    assertTrue(Files.exists(PAGE), PAGE + " is missing");
    assertEquals(ConfigDocs.markdown(), Files.readString(PAGE), PAGE + " is out of date; regenerate it with "
      + "`java -cp cluster-config/target/classes dev.plat.cluster.impl.ConfigDocs docs/configuration.md`");
  }

  @Test
  void thePageHasARowForEveryKey() {
    String md = ConfigDocs.markdown();
    for (ConfigKey key : ConfigKey.values()) {
      assertTrue(md.contains("| `" + key.key() + "` | `" + key.flag() + "` | `" + key.env() + "` |"), key.key());
    }
  }

  @Test
  void namesEnvironmentVariablesAndFlagsAreUnique() {
    Set<String> seen = new HashSet<>();
    for (ConfigKey key : ConfigKey.values()) {
      assertTrue(seen.add(key.key()), key.key());
      assertTrue(seen.add(key.env()), key.env());
      assertTrue(seen.add(key.flag()), key.flag());
      assertEquals(key, ConfigKey.fromKey(key.key()));
      assertEquals(key, ConfigKey.fromFlag(key.flag()));
    }
  }

  @Test
  void flagsAreTheKeysInKebabCase() {
    assertEquals("--http-port", ConfigKey.HTTP_PORT.flag());
    assertEquals("--cluster-members", ConfigKey.CLUSTER_MEMBERS.flag());
    assertEquals("--config", ConfigKey.CONFIG.flag());
  }

  @Test
  void everyDocumentedDefaultIsAValidValue() {
    for (ConfigKey key : ConfigKey.values()) {
      key.type().parse(key.defaultValue(Map.of("HOSTNAME", "box")));
    }
    assertTrue(Arrays.stream(ConfigKey.values()).allMatch(k -> !k.description().isBlank()));
  }
}
