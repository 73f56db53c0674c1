package dev.plat.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins the cluster: Hazelcast on {@code host:port}, a TCP-IP join to {@code members}
 * (none: a single-member cluster), the event bus on the same host. Setters reject bad values at
 * once with an {@link IllegalArgumentException}.
 */
public class ClusterOptions {
  public static final String DEFAULT_NODE_ID = "node-local";
  public static final String DEFAULT_CLUSTER_NAME = "plat";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  public static final List<String> DEFAULT_MEMBERS = List.of();
  /** 0: the event bus takes a free port. */
  public static final int DEFAULT_EVENT_BUS_PORT = 0;
  public static final int DEFAULT_WAIT_SECONDS_BEFORE_JOIN = 1;
  /** A member silent for this long is removed (a crashed process is usually seen much sooner). */
  public static final int DEFAULT_MAX_NO_HEARTBEAT_SECONDS = 15;

  private String nodeId = DEFAULT_NODE_ID;
  private String clusterName = DEFAULT_CLUSTER_NAME;
  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private List<String> members = DEFAULT_MEMBERS;
  private int eventBusPort = DEFAULT_EVENT_BUS_PORT;
  private int waitSecondsBeforeJoin = DEFAULT_WAIT_SECONDS_BEFORE_JOIN;
  private int maxNoHeartbeatSeconds = DEFAULT_MAX_NO_HEARTBEAT_SECONDS;
  private boolean controller = true;
  private int size;

  public ClusterOptions() {
  }

  public ClusterOptions(ClusterOptions other) {
    this(other.toJson());
  }

  /** From a {@link #toJson()} form; missing fields keep their defaults. */
  public ClusterOptions(JsonObject json) {
    setNodeId(json.getString("nodeId", DEFAULT_NODE_ID));
    setClusterName(json.getString("clusterName", DEFAULT_CLUSTER_NAME));
    setHost(json.getString("host", DEFAULT_HOST));
    setPort(json.getInteger("port", DEFAULT_PORT));
    JsonArray list = json.getJsonArray("members", new JsonArray());
    setMembers(list.stream().map(String::valueOf).toList());
    setEventBusPort(json.getInteger("eventBusPort", DEFAULT_EVENT_BUS_PORT));
    setWaitSecondsBeforeJoin(json.getInteger("waitSecondsBeforeJoin", DEFAULT_WAIT_SECONDS_BEFORE_JOIN));
    setMaxNoHeartbeatSeconds(json.getInteger("maxNoHeartbeatSeconds", DEFAULT_MAX_NO_HEARTBEAT_SECONDS));
    setController(json.getBoolean("controller", true));
    setSize(json.getInteger("size", 0));
  }

  /** The cluster settings of a node's configuration. */
  public ClusterOptions(PlatConfig config) {
    setNodeId(config.nodeId());
    setClusterName(config.clusterName());
    setHost(config.clusterHost());
    setPort(config.clusterPort());
    setMembers(config.clusterMembers());
    setController(config.hasRole(Role.CONTROLLER));
    setSize(config.clusterSize());
  }

  public String getNodeId() {
    return nodeId;
  }

  /** The Plat node id, published as the Hazelcast member attribute {@link Names.Hz#NODE_ATTRIBUTE}. */
  public ClusterOptions setNodeId(String nodeId) {
    this.nodeId = (String) check(ValueType.DNS_LABEL, "nodeId", nodeId);
    return this;
  }

  public String getClusterName() {
    return clusterName;
  }

  public ClusterOptions setClusterName(String clusterName) {
    this.clusterName = (String) check(ValueType.NAME, "clusterName", clusterName);
    return this;
  }

  public String getHost() {
    return host;
  }

  /** The IPv4 address Hazelcast and the event bus bind to and advertise. */
  public ClusterOptions setHost(String host) {
    this.host = (String) check(ValueType.IPV4, "host", host);
    return this;
  }

  public int getPort() {
    return port;
  }

  /**
   * The Hazelcast member port (no auto-increment: the port is exactly this one); 0: a free port
   * picked when the member starts ({@link ClusterBootstrap#port()} says which).
   */
  public ClusterOptions setPort(int port) {
    this.port = (Integer) check(ValueType.LISTEN_PORT, "port", String.valueOf(port));
    return this;
  }

  public List<String> getMembers() {
    return members;
  }

  /** {@code host:port} of members to join; empty for a single-member cluster. */
  @SuppressWarnings("unchecked")
  public ClusterOptions setMembers(List<String> members) {
    Objects.requireNonNull(members, "members");
    this.members = (List<String>) check(ValueType.MEMBERS, "members", String.join(",", members));
    return this;
  }

  public int getEventBusPort() {
    return eventBusPort;
  }

  public ClusterOptions setEventBusPort(int eventBusPort) {
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new IllegalArgumentException("eventBusPort must be 0-65535, got " + eventBusPort);
    }
    this.eventBusPort = eventBusPort;
    return this;
  }

  public int getWaitSecondsBeforeJoin() {
    return waitSecondsBeforeJoin;
  }

  /** Hazelcast's {@code hazelcast.wait.seconds.before.join}; 0 in tests. */
  public ClusterOptions setWaitSecondsBeforeJoin(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("waitSecondsBeforeJoin must be >= 0, got " + seconds);
    }
    this.waitSecondsBeforeJoin = seconds;
    return this;
  }

  public int getMaxNoHeartbeatSeconds() {
    return maxNoHeartbeatSeconds;
  }

  /** Hazelcast's {@code hazelcast.max.no.heartbeat.seconds}. */
  public ClusterOptions setMaxNoHeartbeatSeconds(int seconds) {
    if (seconds < 2) {
      throw new IllegalArgumentException("maxNoHeartbeatSeconds must be >= 2, got " + seconds);
    }
    this.maxNoHeartbeatSeconds = seconds;
    return this;
  }

  /** Whether this member may lead the control plane (published as {@link Names.Hz#CONTROLLER_ATTRIBUTE}). */
  public boolean isController() {
    return controller;
  }

  public ClusterOptions setController(boolean controller) {
    this.controller = controller;
    return this;
  }

  /**
   * How many members a partition needs to schedule: a majority of this member and the members it
   * is configured to join ({@code members}), 1 for a single-member cluster. Every node should list
   * every member, so that all agree.
   */
  public int quorum() {
    if (size > 0) {
      return size / 2 + 1;
    }
    java.util.Set<String> all = new java.util.TreeSet<>(members);
    all.add(host + ":" + port);
    return all.size() / 2 + 1;
  }

  /** The members of the whole cluster ({@link ConfigKey#CLUSTER_SIZE}); 0: this member and {@code members}. */
  public int getSize() {
    return size;
  }

  public ClusterOptions setSize(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    this.size = size;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("nodeId", nodeId).put("clusterName", clusterName).put("host", host)
      .put("port", port).put("members", new JsonArray(new java.util.ArrayList<>(members))).put("eventBusPort", eventBusPort)
      .put("waitSecondsBeforeJoin", waitSecondsBeforeJoin).put("maxNoHeartbeatSeconds", maxNoHeartbeatSeconds)
      .put("controller", controller).put("size", size);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  private static Object check(ValueType type, String name, String value) {
    try {
      return type.parse(Objects.requireNonNull(value, name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be " + type.requirement() + ", got '" + value + "'");
    }
  }
}
