package dev.plat.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A node as the other nodes see it (the value of {@link Names.Hz#NODES}, as JSON).
 *
 * @param nodeId    the node id
 * @param roles     the roles it plays (kept in declaration order)
 * @param http      {@code host:port} of its public HTTP gateway
 * @param proxy     {@code host:port} of its data-plane proxy, reachable from the other members
 * @param startedAt when it started, epoch milliseconds
 * @param dataDir   its data folder (instances' socket folders are under it, on its own disk)
 * @param memoryBytes memory its Docker engine has for instances; 0 when unknown or it runs none
 */
public record NodeInfo(String nodeId, Set<Role> roles, String http, String proxy, long startedAt, String dataDir,
                       long memoryBytes) {

  public NodeInfo {
    roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
    dataDir = dataDir == null ? "" : dataDir;
  }

  /** A node whose data folder and capacity are not known. */
  public NodeInfo(String nodeId, Set<Role> roles, String http, String proxy, long startedAt) {
    this(nodeId, roles, http, proxy, startedAt, "", 0);
  }

  public NodeInfo(JsonObject json) {
    this(json.getString("nodeId"), roles(json.getJsonArray("roles", new JsonArray())), json.getString("http"),
      json.getString("proxy"), json.getLong("startedAt", 0L), json.getString("dataDir", ""),
      json.getLong("memoryBytes", 0L));
  }

  /** This node with the memory its engine reported. */
  public NodeInfo withMemory(long bytes) {
    return new NodeInfo(nodeId, roles, http, proxy, startedAt, dataDir, bytes);
  }

  /** Whether instances may be placed here: it runs them (controller role: an agent and a dockerd) and serves them (proxy role). */
  public boolean runsInstances() {
    return roles.contains(Role.CONTROLLER) && roles.contains(Role.PROXY);
  }

  /** This node as described by its configuration; the proxy is reached on the cluster host. */
  public static NodeInfo of(PlatConfig config, long startedAt) {
    return new NodeInfo(config.nodeId(), config.roles(), config.httpHost() + ":" + config.httpPort(),
      config.clusterHost() + ":" + config.proxyPort(), startedAt, config.dataDir().toAbsolutePath().toString(), 0);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    roles.forEach(r -> list.add(r.id()));
    return new JsonObject().put("nodeId", nodeId).put("roles", list).put("http", http).put("proxy", proxy)
      .put("startedAt", startedAt).put("dataDir", dataDir).put("memoryBytes", memoryBytes);
  }

  private static Set<Role> roles(JsonArray ids) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object id : ids) {
      Role role = Role.of(String.valueOf(id));
      if (role == null) {
        throw new IllegalArgumentException("unknown role '" + id + "'");
      }
      roles.add(role);
    }
    return roles;
  }
}
