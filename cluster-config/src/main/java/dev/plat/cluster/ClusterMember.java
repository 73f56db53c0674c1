package dev.plat.cluster;

import io.vertx.core.json.JsonObject;

/**
 * One member of the cluster as {@code /health} shows it.
 *
 * @param nodeId the Plat node id ({@link Names.Hz#NODE_ATTRIBUTE}); {@code null} for a member
 *               started without one
 * @param host   the Hazelcast address of the member
 * @param port   the Hazelcast port of the member
 * @param local  whether it is this JVM's member
 */
public record ClusterMember(String nodeId, String host, int port, boolean local) {

  public ClusterMember(JsonObject json) {
    this(json.getString("nodeId"), json.getString("host"), json.getInteger("port", 0),
      json.getBoolean("local", false));
  }

  public JsonObject toJson() {
    return new JsonObject().put("nodeId", nodeId).put("host", host).put("port", port).put("local", local);
  }
}
