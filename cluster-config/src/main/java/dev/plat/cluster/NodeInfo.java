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
 */
public record NodeInfo(String nodeId, Set<Role> roles, String http, String proxy, long startedAt) {

  public NodeInfo {
    roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
  }

  public NodeInfo(JsonObject json) {
    this(json.getString("nodeId"), roles(json.getJsonArray("roles", new JsonArray())), json.getString("http"),
      json.getString("proxy"), json.getLong("startedAt", 0L));
  }

  /** This node as described by its configuration; the proxy is reached on the cluster host. */
  public static NodeInfo of(PlatConfig config, long startedAt) {
    return new NodeInfo(config.nodeId(), config.roles(), config.httpHost() + ":" + config.httpPort(),
      config.clusterHost() + ":" + config.proxyPort(), startedAt);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    roles.forEach(r -> list.add(r.id()));
    return new JsonObject().put("nodeId", nodeId).put("roles", list).put("http", http).put("proxy", proxy)
      .put("startedAt", startedAt);
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
