package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
