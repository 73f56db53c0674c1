package dev.plat.cluster.impl;

import dev.plat.cluster.Route;
import dev.plat.cluster.RoleHealth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The nodes that recently left (or whose routes expired), with the functions they took routes
 * of, for {@code /health}. A function stays <em>unrouted</em> until this member's table has a
 * route for it again; the cluster is {@code degraded} while a recent departure has an unrouted
 * function. A departure is kept for {@link #RECENT_MILLIS}, at most {@link #MAX} of them. Thread-safe.
 */
public final class Departures {
  /** How long a departure is listed. */
  public static final long RECENT_MILLIS = 10 * 60_000;
  /** Most departures listed. */
  public static final int MAX = 20;

  private static final class Departure {
    final String nodeId;
    final long at;
    final String reason;
    final int routes;
    final Set<String> functions = new TreeSet<>();
    final Set<String> unrouted = new TreeSet<>();

    Departure(String nodeId, long at, String reason, Collection<Route> removed) {
      this.nodeId = nodeId;
      this.at = at;
      this.reason = reason;
      this.routes = removed.size();
      removed.forEach(r -> functions.add(r.function()));
      unrouted.addAll(functions);
    }
  }

  private final LongSupplier clockMillis;
  private final Deque<Departure> recent = new ArrayDeque<>();

  /** @param clockMillis the wall clock in epoch milliseconds ({@code System::currentTimeMillis}) */
  public Departures(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** Notes that {@code nodeId} is gone for {@code reason} and that {@code removed} were its routes. */
  public synchronized void add(String nodeId, String reason, Collection<Route> removed) {
    recent.addFirst(new Departure(nodeId, clockMillis.getAsLong(), reason, removed));
    while (recent.size() > MAX) {
      recent.removeLast();
    }
  }

  /** Marks the functions that have a route in {@code snapshot} as routed again. */
  public synchronized void settle(Map<String, List<Route>> snapshot) {
    for (Departure d : recent) {
      d.unrouted.removeIf(function -> !snapshot.getOrDefault(function, List.of()).isEmpty());
    }
  }

  /**
   * {@code {"status": "up"|"degraded", "unrouted": [functions], "left": [{"nodeId", "at", "reason",
   * "routes", "functions", "unrouted"}]}}, newest departure first.
   */
  public synchronized JsonObject toJson() {
    long now = clockMillis.getAsLong();
    recent.removeIf(d -> now - d.at > RECENT_MILLIS);
    Set<String> unrouted = new TreeSet<>();
    JsonArray left = new JsonArray();
    for (Departure d : recent) {
      unrouted.addAll(d.unrouted);
      left.add(new JsonObject().put("nodeId", d.nodeId).put("at", d.at).put("reason", d.reason)
        .put("routes", d.routes).put("functions", new JsonArray(List.copyOf(d.functions)))
        .put("unrouted", new JsonArray(List.copyOf(d.unrouted))));
    }
    return new JsonObject().put("status", unrouted.isEmpty() ? RoleHealth.UP : RoleHealth.DEGRADED)
      .put("unrouted", new JsonArray(List.copyOf(unrouted))).put("left", left);
  }
}
