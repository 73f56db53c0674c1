package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A proxy given a registry records what it serves: per function, by status, with latency and queue. */
class InvocationMetricsTest extends ProxyTestBase {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private int meteredPort;

  /** A second front, on a proxy that records into {@link #registry}. */
  private Future<Void> meteredProxy() {
    ProxyHandler metered = ProxyHandler.create(vertx, config(NODE), routes,
      new ProxyOptions().setActivationTimeoutMs(500), registry);
    return front(metered).map(server -> {
      meteredPort = server.actualPort();
      return null;
    });
  }

  private Future<Reply> call(String uri) {
    return send(meteredPort, HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap(), null);
  }

  @Test
  void countsEachResponseByFunctionAndStatusWithItsLatency(VertxTestContext ctx) {
    meteredProxy()
      .compose(v -> Origin.start(vertx, req -> req.response().setStatusCode(req.path().equals("/missing") ? 404 : 200)
        .end("hello")))
      .compose(origin -> route("fn", "i1", origin))
      .compose(v -> call("/function/fn/a"))
      .compose(r -> call("/function/fn/b"))
      .compose(r -> call("/function/fn/c"))
      .compose(r -> call("/function/fn/missing"))
      .onComplete(ctx.succeeding(last -> ctx.verify(() -> {
        assertEquals(404, last.status());
        String scrape = registry.scrape();
        assertTrue(scrape.contains("plat_invocations_total{function=\"fn\",status=\"200\"} 3.0"), scrape);
        assertTrue(scrape.contains("plat_invocations_total{function=\"fn\",status=\"404\"} 1.0"), scrape);
        assertTrue(scrape.contains("plat_invocation_seconds_count{function=\"fn\"} 4"), scrape);
        assertTrue(scrape.contains("plat_invocation_seconds_bucket{function=\"fn\",le=\"+Inf\"} 4"), scrape);
        assertTrue(scrape.contains("plat_cold_starts_total{function=\"fn\"} 0.0"), scrape);
        assertTrue(scrape.contains("plat_in_flight{function=\"fn\"} 0.0"), scrape);
        ctx.completeNow();
      })));
  }

  @Test
  void countsAColdStartAndTheQueueWhileItWaitsThenItsTimeout(VertxTestContext ctx) {
    List<Object> activations = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Names.Address.ACTIVATE, activations::add);
    meteredProxy()
      .compose(v -> {
        Future<Reply> first = call("/function/cold");
        Future<Reply> second = call("/function/cold");
        return until(() -> registry.scrape().contains("plat_queue_depth{function=\"cold\"} 2.0"))
          .compose(x -> Future.all(first, second));
      })
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertEquals(503, all.<Reply>resultAt(0).status());
        assertEquals(1, activations.size());
        String scrape = registry.scrape();
        assertTrue(scrape.contains("plat_cold_starts_total{function=\"cold\"} 1.0"), scrape);
        assertTrue(scrape.contains("plat_invocations_total{function=\"cold\",status=\"503\"} 2.0"), scrape);
        assertTrue(scrape.contains("plat_queue_depth{function=\"cold\"} 0.0"), scrape);
        ctx.completeNow();
      })));
  }

  @Test
  void aFunctionTheControllerDoesNotKnowLeavesNoSeries(VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Names.Address.ACTIVATE, msg -> msg.fail(404,
      PlatError.notFound("function_not_found", "no function").toJson().encode()));
    meteredProxy()
      .compose(v -> call("/function/ghost/x"))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(404, reply.status());
        assertFalse(registry.scrape().contains("ghost"), registry::scrape);
        ctx.completeNow();
      })));
  }

  @Test
  void aRequestForwardedByAnotherNodeIsCountedThereNotHere(VertxTestContext ctx) {
    ProxyHandler metered = ProxyHandler.create(vertx, config(NODE), routes, new ProxyOptions(), registry);
    vertx.createHttpServer().requestHandler(metered.forwardedHandler()).listen(0, "127.0.0.1")
      .compose(server -> Origin.start(vertx, req -> req.response().end("ok"))
        .compose(origin -> route("fwd", "i1", origin))
        .compose(v -> send(server.actualPort(), HttpMethod.GET, "/function/fwd/",
          MultiMap.caseInsensitiveMultiMap().add(Names.Header.FORWARDED_BY, "node-b")
            .add(Names.Header.CLUSTER_AUTH, CLUSTER_SECRET), null)))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(200, reply.status());
        assertFalse(registry.scrape().contains("plat_invocations_total{function=\"fwd\""), registry::scrape);
        ctx.completeNow();
      })));
  }
}
