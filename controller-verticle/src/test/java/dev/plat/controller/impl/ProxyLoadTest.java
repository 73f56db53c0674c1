package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.LatencyHistogram;
import io.vertx.core.json.JsonArray;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ProxyLoadTest {
  private final ProxyLoad load = new ProxyLoad(10_000);

  private static JsonObject report(String node, String function, int inFlight, int queued, long requests) {
    return new JsonObject().put("node", node).put("functions", new JsonObject().put(function,
      new JsonObject().put("inFlight", inFlight).put("queued", queued).put("requests", requests)));
  }

  @Test
  void concurrencyIsInFlightPlusQueuedSummedOverProxies() {
    load.report(report("a", "f", 3, 2, 10), 1_000);
    load.report(report("b", "f", 4, 0, 10), 1_000);
    assertEquals(9, load.concurrency("f", 2_000));
    assertEquals(0, load.concurrency("other", 2_000));
  }

  @Test
  void aReportHoldsUntilTheNextOneOrItsExpiry() {
    load.report(report("a", "f", 5, 0, 10), 1_000);
    assertEquals(5, load.concurrency("f", 10_999), "proxies publish only changes");
    load.report(report("b", "g", 1, 0, 1), 10_999);
    assertEquals(0, load.concurrency("f", 11_001), "a proxy silent for the expiry is forgotten");
  }

  @Test
  void activityIsLoadOrAGrowingRequestCounter() {
    load.report(report("a", "f", 0, 0, 10), 1_000);
    assertEquals(0, load.lastActivity("f"), "a first idle report says nothing about new requests");
    load.report(report("a", "f", 0, 0, 12), 2_000);
    assertEquals(2_000, load.lastActivity("f"));
    load.report(report("a", "f", 0, 0, 12), 3_000);
    assertEquals(2_000, load.lastActivity("f"));
    load.report(report("a", "f", 0, 1, 12), 4_000);
    assertEquals(4_000, load.lastActivity("f"), "a queued request is activity");
  }

  @Test
  void malformedReportsAreIgnored() {
    load.report(new JsonObject().put("functions", new JsonObject()), 1_000);
    load.report(new JsonObject().put("node", "a").put("functions", new JsonObject().put("f", "nope")), 1_000);
    assertEquals(0, load.concurrency("f", 1_000));
  }

  /** A report of {@code n} invocations of {@code function} in the last minute, each taking {@code ms}. */
  private static JsonObject window(String node, String function, long requests, int n, long ms) {
    JsonObject f = new JsonObject().put("inFlight", 0).put("queued", 0).put("requests", requests);
    if (n > 0) {
      f.put("lastMinute", new JsonObject().put("requests", n).put("latency",
        new JsonArray().add(LatencyHistogram.bucket(TimeUnit.MILLISECONDS.toNanos(ms))).add(n)));
    }
    return new JsonObject().put("node", node).put("functions", new JsonObject().put(function, f));
  }

  @Test
  void metricsSumTheProxiesRequestsAndMergeTheirHistograms() {
    assertEquals(FunctionMetrics.NONE, load.metrics("f", 0));
    load.report(window("a", "f", 95, 95, 2), 1_000);
    load.report(window("b", "f", 5, 5, 800), 1_000);
    FunctionMetrics m = load.metrics("f", 2_000);
    assertEquals(100, m.requestsPerMinute());
    assertTrue(m.p95Ms() > 1.5 && m.p95Ms() < 2.6, "rank 95 of 100 is a 2 ms one: " + m);
    load.report(window("b", "f", 25, 25, 800), 3_000);
    assertTrue(load.metrics("f", 3_000).p95Ms() > 600, load.metrics("f", 3_000).toString());
    assertEquals(new JsonObject().put("requestsPerMinute", 0L).put("p95Ms", null), load.metrics("g", 3_000).toJson());
  }

  @Test
  void aProxyWhoseWindowEmptiedOrThatWentSilentCountsNoMore() {
    load.report(window("a", "f", 3, 3, 10), 1_000);
    load.report(window("b", "f", 4, 4, 10), 1_000);
    load.report(window("a", "f", 3, 0, 10), 62_000);
    assertEquals(4, load.metrics("f", 62_000).requestsPerMinute());
    assertEquals(4, load.metrics("f", 1_000 + ProxyLoad.WINDOW_STALE_MS).requestsPerMinute());
    FunctionMetrics none = load.metrics("f", 1_001 + ProxyLoad.WINDOW_STALE_MS);
    assertEquals(0, none.requestsPerMinute(), "b said nothing for 70 s: its minute is over");
    assertNull(none.p95Ms());
  }

  @Test
  void aMalformedWindowDropsThatFunctionsReport() {
    JsonObject bad = window("a", "f", 3, 3, 10);
    bad.getJsonObject("functions").getJsonObject("f").getJsonObject("lastMinute").put("latency", new JsonArray().add(1));
    load.report(bad, 1_000);
    assertEquals(0, load.metrics("f", 1_000).requestsPerMinute());
  }
}
