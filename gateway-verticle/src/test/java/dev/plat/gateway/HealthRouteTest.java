package dev.plat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.RouteJanitor;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health} with the cluster's state from the node's {@link RouteJanitor}. */
@ExtendWith(VertxExtension.class)
class HealthRouteTest {
  private static final JsonObject DEGRADED = new JsonObject().put("status", "degraded").put("leaseSeconds", 15)
    .put("unrouted", new JsonArray().add("fn-a"))
    .put("left", new JsonArray().add(new JsonObject().put("nodeId", "node-b").put("reason", "left")));

  @TempDir
  Path dataDir;

  /** A gateway-only node (its one role answers up); {@code janitor}: what its janitor answers, null for none. */
  private GatewayHarness gateway(Vertx vertx, JsonObject janitor) {
    if (janitor != null) {
      GatewayHarness.await(vertx.eventBus().<JsonObject>localConsumer(RoleHealth.address("gw-test", RouteJanitor.HEALTH_NAME),
        msg -> msg.reply(janitor)).completion());
    }
    return GatewayHarness.start(vertx, dataDir, null, Map.of(ConfigKey.ROLES, "gateway"));
  }

  /** GET /health started on a Vert.x context; answers {@code {"code", "body"}}. */
  private static JsonObject health(Vertx vertx, GatewayHarness gateway) {
    Promise<JsonObject> answer = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> gateway.client.request(gateway.options(HttpMethod.GET, "/health", null))
      .compose(req -> req.send())
      .compose(resp -> resp.body().map(body -> new JsonObject().put("code", resp.statusCode())
        .put("body", body.toJsonObject())))
      .onComplete(answer));
    return GatewayHarness.await(answer.future());
  }

  @Test
  void aClusterThatLostTheOnlyRoutesOfAFunctionIsDegradedInTheBodyButStays200(Vertx vertx) {
    JsonObject answer = health(vertx, gateway(vertx, DEGRADED));
    assertEquals(200, answer.getInteger("code"), answer.encodePrettily());
    JsonObject body = answer.getJsonObject("body");
    assertEquals("degraded", body.getString("status"));
    JsonObject cluster = body.getJsonObject("cluster");
    assertEquals("degraded", cluster.getString("status"));
    assertEquals(new JsonArray().add("fn-a"), cluster.getJsonArray("unrouted"));
    assertEquals("node-b", cluster.getJsonArray("left").getJsonObject(0).getString("nodeId"));
    assertEquals(0, cluster.getInteger("size"), "the members are still listed beside");
  }

  @Test
  void aHealthyClusterLeavesTheStatusUp(Vertx vertx) {
    JsonObject up = DEGRADED.copy().put("status", "up").put("unrouted", new JsonArray());
    JsonObject answer = health(vertx, gateway(vertx, up));
    assertEquals(200, answer.getInteger("code"));
    assertEquals("up", answer.getJsonObject("body").getString("status"));
    assertEquals(15, answer.getJsonObject("body").getJsonObject("cluster").getInteger("leaseSeconds"));
  }

  @Test
  void aNodeWithoutAJanitorShowsItsMembersOnly(Vertx vertx) {
    JsonObject answer = health(vertx, gateway(vertx, null));
    assertEquals(200, answer.getInteger("code"));
    JsonObject body = answer.getJsonObject("body");
    assertEquals("up", body.getString("status"));
    assertNull(body.getJsonObject("cluster").getString("status"));
    assertFalse(body.getJsonObject("cluster").containsKey("left"));
  }

  @Test
  void aRoleDownIsStill503AndDownWhateverTheCluster(Vertx vertx) {
    GatewayHarness.await(vertx.eventBus().<JsonObject>localConsumer(RoleHealth.address("gw-test", RouteJanitor.HEALTH_NAME),
      msg -> msg.reply(DEGRADED)).completion());
    // the builder role is configured but nothing answers for it: down after RoleHealth's 2 s
    GatewayHarness gateway = GatewayHarness.start(vertx, dataDir, null, Map.of(ConfigKey.ROLES, "gateway,builder"));
    JsonObject answer = health(vertx, gateway);
    assertEquals(503, answer.getInteger("code"), answer.encodePrettily());
    assertEquals("down", answer.getJsonObject("body").getString("status"));
    assertEquals("degraded", answer.getJsonObject("body").getJsonObject("cluster").getString("status"));
  }
}
