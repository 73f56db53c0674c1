package dev.plat.cluster;

import io.vertx.core.json.JsonObject;

/**
 * One ready instance of a function as the data plane sees it.
 *
 * @param function the function name
 * @param instance the instance id (also the container's {@code plat.instance} label)
 * @param version  the function version the instance runs
 * @param node     the node id that owns the instance
 * @param socket   the host path of the instance's unix socket, valid on {@code node}
 * @param proxy    {@code host:port} of the owning node's proxy, for requests landing elsewhere
 * @param concurrency    requests one instance serves at once, from the function's
 *                       {@code limits.concurrency}; 0 = unlimited (the default when missing)
 * @param timeoutSeconds longest wait for the response head of one invocation, from the function's
 *                       {@code limits.timeoutSeconds}; 0 = the proxy's default (the default when missing)
 * @param container the id of the instance's container: a connection to {@code socket} is used only
 *                  when the process at its other end is in that container ({@link InstancePeer});
 *                  {@code null} for a socket that is not a container's (tests, benchmarks)
 */
public record Route(String function, String instance, long version, String node, String socket, String proxy,
    int concurrency, int timeoutSeconds, String container) {

  /** A route without per-function settings: unlimited concurrency, the proxy's default timeout. */
  public Route(String function, String instance, long version, String node, String socket, String proxy) {
    this(function, instance, version, node, socket, proxy, 0, 0, null);
  }

  /** A route to a socket that is no container's (no peer check). */
  public Route(String function, String instance, long version, String node, String socket, String proxy,
      int concurrency, int timeoutSeconds) {
    this(function, instance, version, node, socket, proxy, concurrency, timeoutSeconds, null);
  }

  public Route(JsonObject json) {
    this(json.getString("function"), json.getString("instance"), json.getLong("version", 0L),
      json.getString("node"), json.getString("socket"), json.getString("proxy"),
      json.getInteger("concurrency", 0), json.getInteger("timeoutSeconds", 0), json.getString("container"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("function", function).put("instance", instance).put("version", version)
      .put("node", node).put("socket", socket).put("proxy", proxy).put("concurrency", concurrency)
      .put("timeoutSeconds", timeoutSeconds).put("container", container);
  }
}
