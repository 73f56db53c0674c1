package dev.plat.builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderOptionsTest {

  @Test
  void readsEveryBuilderSettingFromTheConfiguration() {
    PlatConfig config = PlatConfig.of(Map.of(
      ConfigKey.DATA_DIR, "/var/lib/plat",
      ConfigKey.RUNTIMES_DIR, "/opt/plat/runtimes",
      ConfigKey.REGISTRY, "registry.local:5001",
      ConfigKey.BUILD_NETWORK, "host",
      ConfigKey.MAX_ZIP_ENTRIES, "50",
      ConfigKey.MAX_UNZIPPED_BYTES, "3GiB",
      ConfigKey.MAX_ZIP_RATIO, "20",
      ConfigKey.BUILD_CONCURRENCY, "4",
      ConfigKey.BUILD_QUEUE, "0",
      ConfigKey.BUILD_TIMEOUT_SECONDS, "90"));
    BuilderOptions options = BuilderOptions.from(config);
    assertEquals(Path.of("/opt/plat/runtimes"), options.getRuntimesDir());
    assertEquals(Path.of("/var/lib/plat/builds"), options.getWorkDir());
    assertEquals("registry.local:5001", options.getRegistry());
    assertEquals("host", options.getBuildNetwork());
    assertEquals(50, options.getMaxZipEntries());
    assertEquals(3L << 30, options.getMaxUnzippedBytes());
    assertEquals(20, options.getMaxZipRatio());
    assertEquals(4, options.getConcurrency());
    assertEquals(0, options.getQueue());
    assertEquals(90, options.getTimeoutSeconds());
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    BuilderOptions options = BuilderOptions.from(PlatConfig.of(Map.of()));
    assertEquals(10_000, options.getMaxZipEntries());
    assertEquals(512L << 20, options.getMaxUnzippedBytes());
    assertEquals(100, options.getMaxZipRatio());
    assertEquals(2, options.getConcurrency());
    assertEquals(16, options.getQueue());
    assertEquals(600, options.getTimeoutSeconds());
    assertEquals("none", options.getBuildNetwork());
    assertEquals(100L << 20, PlatConfig.of(Map.of()).maxUploadBytes());
  }

  @Test
  void survivesACopyThroughJson() {
    BuilderOptions options = new BuilderOptions().setConcurrency(3).setMaxUnzippedBytes(5L << 30).addLabel("plat.test", "1");
    assertEquals(options.toJson(), new BuilderOptions(options).toJson());
    assertEquals(Map.of("plat.test", "1"), new BuilderOptions(options.toJson()).getExtraLabels());
  }

  @Test
  void rejectsBadValuesAtOnce() {
    BuilderOptions options = new BuilderOptions();
    assertThrows(IllegalArgumentException.class, () -> options.setConcurrency(0));
    assertThrows(IllegalArgumentException.class, () -> options.setQueue(-1));
    assertThrows(IllegalArgumentException.class, () -> options.setMaxUnzippedBytes(0));
    assertThrows(IllegalArgumentException.class, () -> options.setRegistry("http://x/"));
    assertThrows(IllegalArgumentException.class, () -> options.setRuntimesDir(null));
  }
}
