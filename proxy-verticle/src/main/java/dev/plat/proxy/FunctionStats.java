package dev.plat.proxy;

import io.vertx.core.json.JsonObject;

/**
 * What one proxy sees of one function, as published on {@code Names.Address.PROXY_STATS}.
 *
 * @param inFlight invocations sent to an instance and not finished
 * @param queued   invocations waiting for a free instance or a cold start
 * @param requests invocations received since the proxy started (monotonic)
 */
public record FunctionStats(int inFlight, int queued, long requests) {

  public JsonObject toJson() {
    return new JsonObject().put("inFlight", inFlight).put("queued", queued).put("requests", requests);
  }
}
