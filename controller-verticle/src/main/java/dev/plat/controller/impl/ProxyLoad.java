package dev.plat.controller.impl;

import dev.plat.cluster.LatencyHistogram;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The load the proxies report on {@code plat.proxy.stats}:
 * {@code {"node","functions":{name:{"inFlight","queued","requests"[,"lastMinute":{"requests","latency"}]}}}}.
 * A proxy publishes only when its counts change, so each node's last report holds until the next
 * one (or until it is older than the expiry: the proxy is gone). Activity of a function is in-flight
 * or queued requests, or a {@code requests} counter that grew.
 *
 * <p>{@link #metrics} merges the proxies' last-minute histograms ({@link LatencyHistogram}: the
 * same buckets on every node, so the sum is exact) into requests per minute and a p95. A proxy's
 * window changes as its invocations age out, so it publishes again until the window is empty; a
 * report older than {@link #WINDOW_STALE_MS} (the window plus a slot and some slack) can only hold
 * invocations older than a minute, from a proxy that is gone: its window is left out.
 */
final class ProxyLoad {
  private final long expiryMs;
  private final Map<String, Report> nodes = new HashMap<>();
  private final Map<String, Long> lastActivity = new HashMap<>();

  /** A report's window counts for {@link #metrics} until it is this old (ms). */
  static final long WINDOW_STALE_MS = 70_000;

  private record Counts(int inFlight, int queued, long requests, LatencyHistogram lastMinute) {
    int concurrency() {
      return Math.max(0, inFlight) + Math.max(0, queued);
    }
  }

  private record Report(long at, Map<String, Counts> functions) {
  }

  public ProxyLoad(long expiryMs) {
    this.expiryMs = expiryMs;
  }

  /** Takes one report received at {@code now}; malformed parts are ignored. */
  public void report(JsonObject message, long now) {
    String node = message.getString("node");
    JsonObject functions = message.getJsonObject("functions");
    if (node == null || functions == null) {
      return;
    }
    Report previous = nodes.get(node);
    Map<String, Counts> counts = new HashMap<>();
    for (String name : functions.fieldNames()) {
      if (!(functions.getValue(name) instanceof JsonObject f)) {
        continue;
      }
      Counts current;
      try {
        current = new Counts(f.getInteger("inFlight", 0), f.getInteger("queued", 0), f.getLong("requests", 0L),
          lastMinute(f.getValue("lastMinute")));
      } catch (ClassCastException | IllegalArgumentException e) {
        continue;
      }
      counts.put(name, current);
      Counts before = previous == null ? null : previous.functions().get(name);
      boolean newRequests = before != null && current.requests() != before.requests() && current.requests() > 0;
      if (current.concurrency() > 0 || newRequests) {
        lastActivity.merge(name, now, Math::max);
      }
    }
    nodes.put(node, new Report(now, counts));
  }

  /** In-flight plus queued requests of {@code function} over every proxy heard from within the expiry. */
  public int concurrency(String function, long now) {
    int total = 0;
    for (Iterator<Report> it = nodes.values().iterator(); it.hasNext(); ) {
      Report r = it.next();
      if (now - r.at() > expiryMs) {
        it.remove();
        continue;
      }
      Counts counts = r.functions().get(function);
      total += counts == null ? 0 : counts.concurrency();
    }
    return total;
  }

  private static LatencyHistogram lastMinute(Object value) {
    if (value == null) {
      return LatencyHistogram.EMPTY;
    }
    if (!(value instanceof JsonObject window)) {
      throw new IllegalArgumentException("lastMinute is not an object");
    }
    return LatencyHistogram.fromJson(window.getJsonArray("latency"));
  }

  /**
   * The invocations of {@code function} in the last minute over every proxy heard from: their
   * number and the p95 of their merged histograms.
   */
  public FunctionMetrics metrics(String function, long now) {
    return FunctionMetrics.of(lastMinute(function, now));
  }

  /** The proxies' last-minute histograms of {@code function}, merged (reports older than {@link #WINDOW_STALE_MS} left out). */
  public LatencyHistogram lastMinute(String function, long now) {
    LatencyHistogram sum = LatencyHistogram.EMPTY;
    for (Report r : nodes.values()) {
      Counts counts = r.functions().get(function);
      if (counts != null && now - r.at() <= WINDOW_STALE_MS) {
        sum = sum.plus(counts.lastMinute());
      }
    }
    return sum;
  }

  /** When a proxy last reported activity of {@code function} (epoch ms), 0 when never. */
  public long lastActivity(String function) {
    return lastActivity.getOrDefault(function, 0L);
  }

  /** Forgets a deleted function. */
  public void forget(String function) {
    lastActivity.remove(function);
  }
}
