package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatConfigTest {

  @Test
  void toJsonHasEveryKeyAndMasksTheAuthToken() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.AUTH_TOKEN, "s3cret", ConfigKey.ROLES, "proxy,gateway",
      ConfigKey.DATA_DIR, "/var/lib/plat", ConfigKey.CLUSTER_MEMBERS, "127.0.0.1:1,127.0.0.1:2"));
    JsonObject json = config.toJson();
    for (ConfigKey key : ConfigKey.values()) {
      assertTrue(json.containsKey(key.key()), key.key());
    }
    assertEquals("******", json.getString("authToken"));
    assertFalse(config.toString().contains("s3cret"));
    assertEquals(new JsonArray().add("gateway").add("proxy"), json.getJsonArray("roles"));
    assertEquals("/var/lib/plat", json.getString("dataDir"));
    assertEquals(8080, json.getInteger("httpPort"));
    assertEquals(new JsonArray().add("127.0.0.1:1").add("127.0.0.1:2"), json.getJsonArray("clusterMembers"));
  }

  @Test
  void gettersByKeyMatchTheTypedGetters() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.HTTP_PORT, "9000"));
    assertEquals(config.httpPort(), config.getInt(ConfigKey.HTTP_PORT));
    assertEquals(config.dataDir(), config.getPath(ConfigKey.DATA_DIR));
    assertEquals(config.clusterMembers(), config.getList(ConfigKey.CLUSTER_MEMBERS));
    assertEquals(config.registry(), config.get(ConfigKey.REGISTRY));
  }

  @Test
  void valuesCannotBeChanged() {
    PlatConfig config = PlatConfig.of(Map.of());
    assertThrows(UnsupportedOperationException.class, () -> config.roles().clear());
    assertThrows(UnsupportedOperationException.class, () -> config.clusterMembers().add("127.0.0.1:1"));
  }

  @Test
  void ofChecksTheGivenValues() {
    ConfigException e = assertThrows(ConfigException.class, () -> PlatConfig.of(Map.of(ConfigKey.HTTP_PORT, "x")));
    assertEquals("httpPort must be 0-65535 (0: a free port), got 'x' (from given)", e.getMessage());
  }
}
