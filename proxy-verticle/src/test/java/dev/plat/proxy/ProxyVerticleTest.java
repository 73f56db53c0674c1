package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.proxy.dispatch.StatsPublisher;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProxyVerticleTest extends ProxyTestBase {

  @Test
  void publishesInFlightCountsOnlyWhenTheyChange(VertxTestContext ctx) {
    Map<String, FunctionStats> now = new TreeMap<>();
    List<JsonObject> published = new java.util.ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Names.Address.PROXY_STATS, msg -> published.add(msg.body()))
      .completion().onComplete(ctx.succeeding(v -> {
        StatsPublisher publisher = new StatsPublisher(vertx, "node-a", () -> new TreeMap<>(now));
        now.put("f", new FunctionStats(2, 1, 10));
        ctx.verify(() -> {
          assertTrue(publisher.publishIfChanged());
          assertFalse(publisher.publishIfChanged());
          now.put("f", new FunctionStats(0, 0, 12));
          assertTrue(publisher.publishIfChanged());
        });
        until(() -> published.size() == 2).onComplete(ctx.succeeding(x -> ctx.verify(() -> {
          assertEquals(new JsonObject().put("node", "node-a").put("functions", new JsonObject()
            .put("f", new JsonObject().put("inFlight", 2).put("queued", 1).put("requests", 10))), published.get(0));
          assertEquals(0, published.get(1).getJsonObject("functions").getJsonObject("f").getInteger("inFlight"));
          ctx.completeNow();
        })));
      }));
  }

  @Test
  void doesNotStartWithoutAClusterSecret(VertxTestContext ctx) {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.NODE_ID, NODE, ConfigKey.PROXY_PORT, "0"));
    vertx.deployVerticle(new ProxyVerticle(config, routes, proxy)).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertTrue(err.getMessage().startsWith("clusterSecret is not set"), err.getMessage());
      ctx.completeNow();
    })));
  }

  @Test
  void publishesTheSharedHandlersCountsAndAnswersHealth(VertxTestContext ctx) {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.NODE_ID, NODE, ConfigKey.PROXY_PORT, "0",
      ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET));
    ProxyVerticle verticle = new ProxyVerticle(config, routes, proxy);
    vertx.eventBus().<JsonObject>consumer(Names.Address.PROXY_STATS, msg -> {
      JsonObject f = msg.body().getJsonObject("functions").getJsonObject("echo");
      // the response's end puts the invocation in the last minute: a later publication carries it
      if (f != null && f.getLong("requests") == 1 && f.getJsonObject("lastMinute") != null) {
        ctx.verify(() -> {
          assertEquals(NODE, msg.body().getString("node"));
          assertEquals(1, f.getJsonObject("lastMinute").getLong("requests"));
          assertEquals(1, dev.plat.cluster.LatencyHistogram.fromJson(f.getJsonObject("lastMinute")
            .getJsonArray("latency")).total());
        });
        RoleHealth.collect(vertx, NODE, List.of(Role.PROXY.id())).onComplete(ctx.succeeding(health -> ctx.verify(() -> {
          assertEquals(RoleHealth.UP, health.getString("status"));
          assertEquals(verticle.actualPort(), health.getJsonArray("roles").getJsonObject(0).getInteger("proxyPort"));
          assertTrue(verticle.actualPort() > 0, "the free port picked for 0");
          ctx.completeNow();
        })));
      }
    });
    vertx.deployVerticle(verticle)
      .compose(id -> Origin.echo(vertx))
      .compose(origin -> route("echo", "i1", origin))
      .compose(v -> get("/function/echo"))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> assertEquals(200, reply.status()))));
  }
}
