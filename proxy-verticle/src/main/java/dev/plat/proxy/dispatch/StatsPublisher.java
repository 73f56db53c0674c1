package dev.plat.proxy.dispatch;

import dev.plat.cluster.Names;
import dev.plat.proxy.FunctionStats;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Publishes {@code {"node","functions":{name:{"inFlight","queued","requests"[,"lastMinute"]}}}}
 * ({@link FunctionStats#toJson()}) on {@link Names.Address#PROXY_STATS} for the autoscaler and the
 * function status' {@code metrics}, only when something changed since the last publication. Each
 * call reads the functions' last-minute windows, which moves them on ({@code LatencyWindow}): a
 * window whose invocations age out changes, so it is published again until it is empty.
 */
public final class StatsPublisher {
  private final Vertx vertx;
  private final String nodeId;
  private final Supplier<Map<String, FunctionStats>> stats;
  private Map<String, FunctionStats> last = Map.of();

  public StatsPublisher(Vertx vertx, String nodeId, Supplier<Map<String, FunctionStats>> stats) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.stats = stats;
  }

  /** Publishes the current counts when they differ from the last ones published; true when it did. */
  public boolean publishIfChanged() {
    Map<String, FunctionStats> now = stats.get();
    if (now.equals(last)) {
      return false;
    }
    last = now;
    JsonObject functions = new JsonObject();
    now.forEach((name, s) -> functions.put(name, s.toJson()));
    vertx.eventBus().publish(Names.Address.PROXY_STATS, new JsonObject().put("node", nodeId).put("functions", functions));
    return true;
  }
}
