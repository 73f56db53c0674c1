package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.LatencyHistogram;
import dev.plat.cluster.api.Actions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The proxies' last minute in the function status (get, list) and in the status pushes. */
class StatusMetricsTest {
  private final Harness h = new Harness().start();

  private void proxyReport(String node, String function, int n, long ms) {
    JsonObject f = new JsonObject().put("inFlight", 0).put("queued", 0).put("requests", n);
    if (n > 0) {
      f.put("lastMinute", new JsonObject().put("requests", n).put("latency",
        new JsonArray().add(LatencyHistogram.bucket(TimeUnit.MILLISECONDS.toNanos(ms))).add(n)));
    }
    h.core.onProxyStats(new JsonObject().put("node", node).put("functions", new JsonObject().put(function, f)));
  }

  @Test
  void getAndListCarryRequestsPerMinuteAndP95() {
    h.deploy("hello");
    assertEquals(new JsonObject().put("requestsPerMinute", 0L).put("p95Ms", null), h.get("hello").getJsonObject("metrics"));

    proxyReport("node-a", "hello", 6, 12);
    proxyReport("node-b", "hello", 4, 12);
    JsonObject metrics = h.get("hello").getJsonObject("metrics");
    assertEquals(10, metrics.getLong("requestsPerMinute"));
    assertTrue(metrics.getDouble("p95Ms") > 10 && metrics.getDouble("p95Ms") < 14, metrics.encode());
    JsonArray list = h.call(Actions.Controller.LIST, new JsonObject()).getJsonArray("functions");
    assertEquals(metrics, list.getJsonObject(0).getJsonObject("metrics"));
  }

  @Test
  void changedMetricsArePushedOnTheStatusAddress() {
    h.deploy("hello");
    h.deploy("other");
    h.events.clear();
    assertTrue(h.core.publishMetrics(), "the first push says every function is idle");
    assertFalse(h.core.publishMetrics(), "nothing changed");
    proxyReport("node-a", "hello", 3, 5);
    assertTrue(h.core.publishMetrics());
    List<JsonObject> pushed = h.events.stream().filter(e -> "metrics".equals(e.getString("type"))).toList();
    assertEquals(2, pushed.size(), h.events.toString());
    JsonObject last = pushed.get(1).getJsonObject("functions");
    assertEquals(3, last.getJsonObject("hello").getLong("requestsPerMinute"));
    assertTrue(last.getJsonObject("hello").getDouble("p95Ms") > 4);
    assertEquals(0, last.getJsonObject("other").getLong("requestsPerMinute"));
    assertNull(last.getJsonObject("other").getValue("p95Ms"));
    assertTrue(pushed.get(1).containsKey("time"));

    h.clock.advance(ProxyLoad.WINDOW_STALE_MS + 1);
    assertTrue(h.core.publishMetrics(), "a minute later without word from the proxy the count is gone");
    assertEquals(0, h.events.get(h.events.size() - 1).getJsonObject("functions").getJsonObject("hello")
      .getLong("requestsPerMinute"));
  }
}
