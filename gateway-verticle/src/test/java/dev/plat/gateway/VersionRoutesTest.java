package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class VersionRoutesTest {
  private GatewayHarness gateway;
  private FakeRole controller;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir);
    controller = new FakeRole(vertx, Names.Address.CONTROLLER)
      .on(Actions.Controller.VERSIONS, body -> new JsonObject().put("name", body.getString("name")).put("current", 2)
        .put("versions", new JsonArray().add(new JsonObject().put("version", 2)).add(new JsonObject().put("version", 1))))
      .on(Actions.Controller.ROLLBACK, body -> {
        if (body.getLong("to", 1L) == 9) {
          throw PlatError.notFound("version_not_found", "'hello' has no kept version v9");
        }
        return new JsonObject().put("name", body.getString("name")).put("version", 3).put("rolledBackFrom", body.getLong("to", 1L));
      });
  }

  @Test
  void listsTheVersionsFromTheController() {
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/functions/hello/versions", DEPLOYER);
    assertEquals(200, response.status());
    assertEquals(2, response.json().getJsonArray("versions").size());
    assertEquals(new FakeRole.Request(Actions.Controller.VERSIONS, new JsonObject().put("name", "hello")), controller.only());
  }

  @Test
  void rollsBackWithOrWithoutATargetVersion() {
    GatewayHarness.Response previous = gateway.call(HttpMethod.POST, "/api/functions/hello/rollback", DEPLOYER);
    assertEquals(200, previous.status());
    assertEquals(new JsonObject().put("name", "hello").put("version", 3).put("rolledBackFrom", 1), previous.json());
    assertEquals(new JsonObject().put("name", "hello"), controller.requests.get(0).body());

    GatewayHarness.Response named = gateway.call(HttpMethod.POST, "/api/functions/hello/rollback", DEPLOYER,
      new JsonObject().put("to", 2).toBuffer());
    assertEquals(2, named.json().getLong("rolledBackFrom"));
    assertEquals(new JsonObject().put("name", "hello").put("to", 2L), controller.requests.get(1).body());
  }

  @Test
  void refusesABadTargetAndPassesTheControllers404Through() {
    GatewayHarness.Response bad = gateway.call(HttpMethod.POST, "/api/functions/hello/rollback", DEPLOYER,
      Buffer.buffer("{\"to\": \"one\"}"));
    assertEquals(400, bad.status());
    assertEquals("bad_version", bad.json().getString("code"));
    assertTrue(controller.requests.isEmpty());

    GatewayHarness.Response missing = gateway.call(HttpMethod.POST, "/api/functions/hello/rollback", DEPLOYER,
      new JsonObject().put("to", 9).toBuffer());
    assertEquals(404, missing.status());
    assertEquals("version_not_found", missing.json().getString("code"));
  }
}
