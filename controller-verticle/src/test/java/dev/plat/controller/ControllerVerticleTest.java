package dev.plat.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerClientOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The verticle's wiring without dockerd: it starts, answers on the bus and reports itself degraded. */
@ExtendWith(VertxExtension.class)
class ControllerVerticleTest {

  @TempDir
  Path dataDir;

  @Test
  void startsWithoutDockerAnswersRequestsAndReportsDegraded(Vertx vertx, VertxTestContext test) {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.DATA_DIR, dataDir.toString(), ConfigKey.NODE_ID, "n1"));
    DockerClient docker = DockerClient.create(vertx, new DockerClientOptions().setDockerHost("tcp://127.0.0.1:9"));
    DeliveryOptions get = new DeliveryOptions().addHeader(Actions.HEADER, Actions.Controller.GET);
    DeliveryOptions list = new DeliveryOptions().addHeader(Actions.HEADER, Actions.Controller.LIST);
    vertx.deployVerticle(new ControllerVerticle(config, docker, RouteTable.inMemory()))
      .compose(id -> vertx.eventBus().<JsonObject>request(Names.Address.CONTROLLER, new JsonObject().put("name", "nope"), get)
        .map(reply -> "unexpected reply " + reply.body())
        .recover(err -> {
          PlatError error = PlatError.from(err);
          return io.vertx.core.Future.succeededFuture(error.status() + " " + error.code());
        }))
      .compose(notFound -> {
        test.verify(() -> assertEquals("404 function_not_found", notFound));
        return vertx.eventBus().<JsonObject>request(Names.Address.CONTROLLER, new JsonObject(), list);
      })
      .compose(reply -> {
        test.verify(() -> assertEquals(0, reply.body().getJsonArray("functions").size()));
        return RoleHealth.collect(vertx, "n1", List.of("controller"));
      })
      .onComplete(test.succeeding(health -> test.verify(() -> {
        assertEquals(RoleHealth.DEGRADED, health.getString("status"), health.encode());
        test.completeNow();
      })));
  }

  @Test
  void refusesToStartWhenARuntimeJsonHasABadPoolFlag(Vertx vertx, VertxTestContext test, @TempDir Path runtimes)
      throws Exception {
    Path runtime = Files.createDirectories(runtimes.resolve("node"));
    Files.writeString(runtime.resolve("runtime.json"), "{\"name\": \"node\", \"pool\": \"yes\"}");
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.DATA_DIR, dataDir.toString(), ConfigKey.NODE_ID, "n1",
      ConfigKey.RUNTIMES_DIR, runtimes.toString()));
    DockerClient docker = DockerClient.create(vertx, new DockerClientOptions().setDockerHost("tcp://127.0.0.1:9"));
    vertx.deployVerticle(new ControllerVerticle(config, docker, RouteTable.inMemory()))
      .onComplete(test.failing(err -> test.verify(() -> {
        assertTrue(err.getMessage().contains(runtime.resolve("runtime.json") + ": \"pool\" must be true or false,"
          + " not \"yes\""), err.getMessage());
        test.completeNow();
      })));
  }

  @Test
  void refusesToStartWhenSecretsTmpfsDirIsNoMemoryFolder(Vertx vertx, VertxTestContext test) {
    Path missing = dataDir.resolve("no-such-tmpfs");
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.DATA_DIR, dataDir.toString(), ConfigKey.NODE_ID, "n1",
      ConfigKey.SECRETS_TMPFS_DIR, missing.toString()));
    DockerClient docker = DockerClient.create(vertx, new DockerClientOptions().setDockerHost("tcp://127.0.0.1:9"));
    vertx.deployVerticle(new ControllerVerticle(config, docker, RouteTable.inMemory()))
      .onComplete(test.failing(err -> test.verify(() -> {
        assertEquals("secretsTmpfsDir must be an existing folder on a memory file system (tmpfs or ramfs), got '"
          + missing + "' (from given): no such folder", err.getMessage());
        test.completeNow();
      })));
  }
}
