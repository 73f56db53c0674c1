package dev.plat.cluster.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.Route;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeparturesTest {
  private long now = 1_000_000;
  private final Departures departures = new Departures(() -> now);

  private static Route route(String function, String instance, String node) {
    return new Route(function, instance, 1, node, "/s/" + instance, "127.0.0.1:8081");
  }

  @Test
  void noDepartureIsUp() {
    assertEquals(new JsonObject().put("status", "up").put("unrouted", new JsonArray()).put("left", new JsonArray()),
      departures.toJson());
  }

  @Test
  void aNodeThatTookTheOnlyRoutesOfAFunctionLeavesTheClusterDegradedUntilTheFunctionIsRoutedAgain() {
    departures.add("b", "left", List.of(route("f", "i1", "b"), route("f", "i2", "b"), route("g", "i3", "b")));
    departures.settle(Map.of("g", List.of(route("g", "i4", "a"))));
    JsonObject json = departures.toJson();
    assertEquals("degraded", json.getString("status"));
    assertEquals(new JsonArray().add("f"), json.getJsonArray("unrouted"));
    JsonObject left = json.getJsonArray("left").getJsonObject(0);
    assertEquals("b", left.getString("nodeId"));
    assertEquals(now, left.getLong("at"));
    assertEquals("left", left.getString("reason"));
    assertEquals(3, left.getInteger("routes"));
    assertEquals(new JsonArray().add("f").add("g"), left.getJsonArray("functions"));

    departures.settle(Map.of("f", List.of(route("f", "i5", "a"))));
    assertEquals("up", departures.toJson().getString("status"));
    departures.settle(Map.of());
    assertEquals("up", departures.toJson().getString("status"), "routed once again is recovered, even if paused later");
  }

  @Test
  void aNodeWithoutRoutesLeavingIsListedButNotDegraded() {
    departures.add("b", "left", List.of());
    JsonObject json = departures.toJson();
    assertEquals("up", json.getString("status"));
    assertEquals(1, json.getJsonArray("left").size());
  }

  @Test
  void departuresAreListedForTenMinutesNewestFirstAndAtMostTwenty() {
    departures.add("old", "left", List.of(route("f", "i1", "old")));
    now += Departures.RECENT_MILLIS;
    departures.add("b", "lease expired", List.of());
    assertEquals(List.of("b", "old"), nodes(departures.toJson()));
    now += 1;
    assertEquals(List.of("b"), nodes(departures.toJson()));
    assertEquals("up", departures.toJson().getString("status"));
    for (int i = 0; i < 25; i++) {
      departures.add("n" + i, "left", List.of());
    }
    List<String> nodes = nodes(departures.toJson());
    assertEquals(Departures.MAX, nodes.size());
    assertEquals("n24", nodes.get(0));
  }

  private static List<String> nodes(JsonObject json) {
    return json.getJsonArray("left").stream().map(o -> ((JsonObject) o).getString("nodeId")).toList();
  }
}
