package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM sharing one route table: node-a (the base class's proxy, behind its
 * "gateway") and node-b (a {@link ProxyVerticle} on its proxy port) which owns the instance.
 */
class ForwardsToOtherNodesTest extends ProxyTestBase {
  private int proxyPortB;

  /** Whether node-b's proxy port serves HTTP/1.x requests on its fast path (the default). */
  boolean proxyPortFastPath() {
    return true;
  }

  @BeforeEach
  void startNodeB(VertxTestContext ctx) {
    PlatConfig configB = PlatConfig.of(Map.of(ConfigKey.NODE_ID, "node-b", ConfigKey.PROXY_PORT, "0",
      ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET, ConfigKey.FAST_PATH, Boolean.toString(proxyPortFastPath())));
    ProxyVerticle nodeB = new ProxyVerticle(configB, routes);
    vertx.deployVerticle(nodeB).onComplete(ctx.succeeding(id -> {
      proxyPortB = nodeB.actualPort();
      ctx.completeNow();
    }));
  }

  private Future<Void> routeOnB(String function, Origin origin) {
    return routes.put(new Route(function, "b1", 1, "node-b", origin.socket.toString(), "127.0.0.1:" + proxyPortB));
  }

  @Test
  void streamsARequestForAnInstanceOfAnotherNodeToThatNodesProxyPort(VertxTestContext ctx) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Custom", "c");
    Buffer body = Buffer.buffer(new byte[1024 * 1024]);
    Origin.echo(vertx).compose(origin -> routeOnB("far", origin))
      .compose(v -> send(HttpMethod.POST, "/function/far/p/q?z=9", headers, body))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(200, reply.status());
        JsonObject seen = reply.json();
        assertEquals("/p/q?z=9", seen.getString("uri"));
        assertEquals(body.length(), seen.getInteger("bodyLength"));
        JsonObject h = seen.getJsonObject("headers");
        assertEquals("c", h.getJsonArray("x-custom").getString(0));
        assertEquals("127.0.0.1", h.getJsonArray("x-forwarded-for").getString(0), "added once, by the first node");
        assertEquals("127.0.0.1:" + port, h.getJsonArray("host").getString(0));
        assertEquals(reply.headers().get(Names.Header.REQUEST_ID), h.getJsonArray("x-plat-request-id").getString(0));
        assertFalse(h.containsKey(Names.Header.FORWARDED_BY.toLowerCase()));
        assertFalse(h.containsKey(Names.Header.CLUSTER_AUTH.toLowerCase()), "the cluster secret never reaches a function");
        ctx.completeNow();
      })));
  }

  @Test
  void theProxyPortServesForwardedRequestsFromLocalInstancesOnlyAndRefusesOthers(VertxTestContext ctx) {
    MultiMap forwarded = MultiMap.caseInsensitiveMultiMap().add(Names.Header.FORWARDED_BY, "node-a")
      .add(Names.Header.CLUSTER_AUTH, CLUSTER_SECRET);
    Origin.echo(vertx)
      // only node-c has an instance: node-b must not forward the forwarded request again
      .compose(origin -> routes.put(new Route("elsewhere", "c1", 1, "node-c", origin.socket.toString(), "127.0.0.1:" + port)))
      .compose(v -> send(proxyPortB, HttpMethod.GET, "/function/elsewhere/", forwarded, null))
      .compose(notAgain -> {
        ctx.verify(() -> {
          assertEquals(502, notAgain.status());
          assertEquals("instance_gone", notAgain.json().getString("code"));
        });
        return send(proxyPortB, HttpMethod.GET, "/function/elsewhere/",
          MultiMap.caseInsensitiveMultiMap().add(Names.Header.CLUSTER_AUTH, CLUSTER_SECRET), null);
      })
      .onComplete(ctx.succeeding(unmarked -> ctx.verify(() -> {
        assertEquals(403, unmarked.status());
        assertEquals("forbidden", unmarked.json().getString("code"));
        ctx.completeNow();
      })));
  }

  @Test
  void aForwardedRequestWaitsForTheRouteOfThisNodesInstanceToReachThisNode(VertxTestContext ctx) {
    // node-c's own handler, to see its queue: an activation's route reaches the node that asked for
    // it (which forwards at once) before it reaches node-c's table
    PlatConfig configC = PlatConfig.of(Map.of(ConfigKey.NODE_ID, "node-c", ConfigKey.PROXY_PORT, "0",
      ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET, ConfigKey.FAST_PATH, Boolean.toString(proxyPortFastPath())));
    ProxyHandler handlerC = ProxyHandler.create(vertx, configC, routes, new ProxyOptions());
    ProxyVerticle nodeC = new ProxyVerticle(configC, routes, handlerC);
    MultiMap forwarded = MultiMap.caseInsensitiveMultiMap().add(Names.Header.FORWARDED_BY, "node-a")
      .add(Names.Header.CLUSTER_AUTH, CLUSTER_SECRET);
    vertx.deployVerticle(nodeC).compose(id -> Origin.echo(vertx)).compose(origin -> {
      Future<Reply> reply = send(nodeC.actualPort(), HttpMethod.GET, "/function/late/x", forwarded, null);
      return until(() -> handlerC.stats().containsKey("late") && handlerC.stats().get("late").queued() == 1)
        .compose(v -> routes.put(new Route("late", "c1", 1, "node-c", origin.socket.toString(),
          "127.0.0.1:" + nodeC.actualPort())))
        .compose(v -> reply)
        .map(r -> {
          ctx.verify(() -> {
            assertEquals(200, r.status(), r.body().toString());
            assertEquals(1, origin.count());
          });
          return null;
        });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theProxyPortAnswers401ToEveryRequestWithoutTheClusterSecret(VertxTestContext ctx) {
    MultiMap marked = MultiMap.caseInsensitiveMultiMap().add(Names.Header.FORWARDED_BY, "x");
    MultiMap wrong = MultiMap.caseInsensitiveMultiMap().add(Names.Header.FORWARDED_BY, "x")
      .add(Names.Header.CLUSTER_AUTH, CLUSTER_SECRET.substring(1) + "!");
    MultiMap longer = MultiMap.caseInsensitiveMultiMap().add(Names.Header.FORWARDED_BY, "x")
      .add(Names.Header.CLUSTER_AUTH, CLUSTER_SECRET + "0");
    Origin.echo(vertx)
      .compose(origin -> routeOnB("local", origin))
      .compose(v -> Future.all(List.of(
        send(proxyPortB, HttpMethod.GET, "/function/local/", marked, null),
        send(proxyPortB, HttpMethod.GET, "/function/local/", MultiMap.caseInsensitiveMultiMap(), null),
        send(proxyPortB, HttpMethod.POST, "/function/local/", wrong, Buffer.buffer("x")),
        send(proxyPortB, HttpMethod.GET, "/function/local/", longer, null),
        send(proxyPortB, HttpMethod.GET, "/anything", MultiMap.caseInsensitiveMultiMap(), null))))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        for (int i = 0; i < replies.size(); i++) {
          Reply reply = replies.resultAt(i);
          assertEquals(401, reply.status(), "request " + i);
          assertEquals("unauthorized", reply.json().getString("code"), "request " + i);
        }
        ctx.completeNow();
      })));
  }

  @Test
  void aNodeWithAnotherSecretCannotForward(VertxTestContext ctx) {
    PlatConfig configC = PlatConfig.of(Map.of(ConfigKey.NODE_ID, "node-c", ConfigKey.PROXY_PORT, "0",
      ConfigKey.CLUSTER_SECRET, "another-cluster-secret-0123456789"));
    ProxyVerticle nodeC = new ProxyVerticle(configC, routes);
    Origin.echo(vertx)
      .compose(origin -> vertx.deployVerticle(nodeC)
        .compose(id -> routes.put(new Route("onc", "c1", 1, "node-c", origin.socket.toString(),
          "127.0.0.1:" + nodeC.actualPort())))
        .compose(v -> get("/function/onc/"))
        .map(reply -> {
          ctx.verify(() -> {
            assertEquals(401, reply.status());
            assertEquals(0, origin.count());
          });
          return null;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void retriesOnAnotherNodeWhenOneNodeIsDown(VertxTestContext ctx) {
    FreePorts.Refusing down = FreePorts.refusing();
    Origin.echo(vertx)
      .compose(origin -> routes.put(new Route("both", "x1", 1, "node-x", "/nowhere.sock", "127.0.0.1:" + down.port()))
        .compose(v -> routeOnB("both", origin))
        .compose(v -> Future.all(get("/function/both/1"), get("/function/both/2"), get("/function/both/3"),
          get("/function/both/4")))
        .map(replies -> {
          ctx.verify(() -> {
            for (int i = 0; i < 4; i++) {
              assertEquals(200, replies.<Reply>resultAt(i).status());
            }
            assertEquals(4, origin.count());
          });
          return null;
        }))
      .onComplete(ar -> {
        down.close();
        ctx.succeedingThenComplete().handle(ar);
      });
  }
}
