package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsFileTest {
  @TempDir
  Path dataDir;

  @Test
  void writesTheBoundPortsOfTheRolesWithAListenerReplacingAnEarlierFile() throws Exception {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.DATA_DIR, dataDir.toString(), ConfigKey.HTTP_PORT, "0",
      ConfigKey.PROXY_PORT, "0", ConfigKey.CLUSTER_PORT, "0", ConfigKey.ROLES, "gateway,builder"));
    PlatConfig bound = config.withBoundPort(ConfigKey.HTTP_PORT, 41001).withBoundPort(ConfigKey.CLUSTER_PORT, 41003);
    Files.writeString(dataDir.resolve(PortsFile.NAME), "{\"http\": 1}");
    Vertx vertx = Vertx.vertx();
    try {
      PortsFile.write(vertx, bound).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertEquals(new JsonObject().put("http", 41001).put("cluster", 41003),
      new JsonObject(Files.readString(dataDir.resolve(PortsFile.NAME))), "no proxy key: no proxy role");
    assertFalse(Files.exists(dataDir.resolve(PortsFile.NAME + ".tmp")));
  }
}
