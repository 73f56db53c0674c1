package dev.plat.proxy;

import dev.plat.cluster.LatencyHistogram;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What one proxy sees of one function, as published on {@code Names.Address.PROXY_STATS}:
 * {@code {"inFlight","queued","requests"[,"lastMinute":{"requests","latency":[bucket,count,...]}]}},
 * {@code lastMinute} only when the proxy answered invocations of the function in the last minute.
 *
 * @param inFlight   invocations sent to an instance and not finished
 * @param queued     invocations waiting for a free instance or a cold start
 * @param requests   invocations received since the proxy started (monotonic)
 * @param lastMinute the invocations this proxy answered (counted where the client came in, not
 *                   again where they were forwarded to) in the last 60 s (up to 66 s: the window
 *                   moves in 5 s slots), any status, by latency from arrival to the end of the
 *                   response ({@link LatencyHistogram})
 */
public record FunctionStats(int inFlight, int queued, long requests, LatencyHistogram lastMinute) {

  public FunctionStats {
    Objects.requireNonNull(lastMinute, "lastMinute");
  }

  /** Counts without a window (none answered in the last minute). */
  public FunctionStats(int inFlight, int queued, long requests) {
    this(inFlight, queued, requests, LatencyHistogram.EMPTY);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("inFlight", inFlight).put("queued", queued).put("requests", requests);
    if (lastMinute.total() > 0) {
      json.put("lastMinute", new JsonObject().put("requests", lastMinute.total()).put("latency", lastMinute.toJson()));
    }
    return json;
  }
}
