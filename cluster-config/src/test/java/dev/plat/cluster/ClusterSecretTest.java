package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {
  @TempDir
  Path dataDir;

  private PlatConfig config(Map<ConfigKey, String> more) {
    Map<ConfigKey, String> values = new java.util.EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.DATA_DIR, dataDir.toString());
    values.putAll(more);
    return PlatConfig.of(values);
  }

  @Test
  void aConfiguredSecretIsUsedAsItIsAndNeverShown() {
    PlatConfig config = ClusterSecret.resolve(config(Map.of(ConfigKey.CLUSTER_SECRET, "operator-secret-0123456789")));
    assertEquals("operator-secret-0123456789", config.clusterSecret());
    assertFalse(Files.exists(dataDir.resolve(ClusterSecret.FILE)));
    assertFalse(config.toString().contains("operator-secret"));
    ClusterSecret secret = ClusterSecret.of(config);
    assertTrue(secret.matches("operator-secret-0123456789"));
    assertFalse(secret.matches("operator-secret-012345678"));
    assertFalse(secret.matches("operator-secret-01234567890"));
    assertFalse(secret.matches(""));
    assertFalse(secret.matches(null));
    assertFalse(secret.toString().contains("operator"));
  }

  @Test
  void aSingleNodeGeneratesOneSecretOwnerOnlyAndKeepsIt() throws Exception {
    PlatConfig first = ClusterSecret.resolve(config(Map.of()));
    Path file = dataDir.resolve(ClusterSecret.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(43, first.clusterSecret().length(), "32 random bytes, base64url");
    assertEquals(file.toString(), first.source(ConfigKey.CLUSTER_SECRET));
    assertEquals(first.clusterSecret(), ClusterSecret.resolve(config(Map.of())).clusterSecret());
    try (var files = Files.list(dataDir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void aClusterWithoutASecretDoesNotStart() {
    ConfigException e = assertThrows(ConfigException.class,
      () -> ClusterSecret.resolve(config(Map.of(ConfigKey.CLUSTER_MEMBERS, "127.0.0.1:5701,127.0.0.1:5702"))));
    assertTrue(e.getMessage().startsWith("clusterSecret must be set when clusterMembers is set"), e.getMessage());
    assertFalse(Files.exists(dataDir.resolve(ClusterSecret.FILE)));
  }

  @Test
  void aSecretFileOthersMayReadIsRefused() throws Exception {
    Path file = dataDir.resolve(ClusterSecret.FILE);
    Files.writeString(file, "shared-secret-0123456789\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterSecret.resolve(config(Map.of())));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertEquals("shared-secret-0123456789", ClusterSecret.resolve(config(Map.of())).clusterSecret());
  }

  @Test
  void aShortOrSpacedSecretIsABadValueAndIsNotEchoed() {
    ConfigException e = assertThrows(ConfigException.class, () -> config(Map.of(ConfigKey.CLUSTER_SECRET, "short-one")));
    assertEquals("clusterSecret must be 16 to 256 visible ASCII characters without spaces, or empty, "
      + "got a hidden value of 9 characters (from given)", e.getMessage());
    assertNull(config(Map.of()).clusterSecret());
  }
}
