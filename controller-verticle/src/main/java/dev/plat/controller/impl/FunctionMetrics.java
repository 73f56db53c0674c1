package dev.plat.controller.impl;

import dev.plat.cluster.LatencyHistogram;
import io.vertx.core.json.JsonObject;

/**
 * A function's {@code metrics} in its status: {@code {"requestsPerMinute": n, "p95Ms": x|null}}.
 *
 * @param requestsPerMinute invocations answered in the last minute, summed over every proxy
 * @param p95Ms             their 95th percentile latency in milliseconds (arrival at the proxy to
 *                          the end of the response), read from the proxies' merged histograms;
 *                          {@code null} when there was none
 */
record FunctionMetrics(long requestsPerMinute, Double p95Ms) {
  public static final FunctionMetrics NONE = new FunctionMetrics(0, null);

  /** The metrics of the invocations in {@code lastMinute} (p95 rounded to the microsecond). */
  public static FunctionMetrics of(LatencyHistogram lastMinute) {
    if (lastMinute.total() == 0) {
      return NONE;
    }
    return new FunctionMetrics(lastMinute.total(), Math.round(lastMinute.quantileMicros(0.95)) / 1000.0);
  }

  public JsonObject toJson() {
    return new JsonObject().put("requestsPerMinute", requestsPerMinute).put("p95Ms", p95Ms);
  }
}
