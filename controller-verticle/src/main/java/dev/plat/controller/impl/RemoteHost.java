package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.NodeInfo;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.SocketDirs;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Another node's engine, socket folders and health probe, reached through its {@link NodeAgent}
 * on the event bus ({@link Names.Address#AGENT_PREFIX}{@code <node>}): small JSON requests, each
 * bounded by a timeout, answered by the agent with its own dockerd. Events are not subscribed
 * here: every agent publishes its node's on {@link Names.Address#AGENT_EVENTS}.
 */
final class RemoteHost implements ContainerEngine, SocketDirs, HealthProbe {
  /** Slack on top of an operation's own bound (a container stop, a health wait) for the reply to come back. */
  private static final long REPLY_SLACK_MS = 10_000;

  private final Vertx vertx;
  private final NodeInfo node;
  private final String address;
  private final long timeoutMs;

  /** @param timeoutMs how long a plain operation (create, remove, list) may take before it fails */
  public RemoteHost(Vertx vertx, NodeInfo node, long timeoutMs) {
    this.vertx = vertx;
    this.node = node;
    this.address = Names.Address.AGENT_PREFIX + node.nodeId();
    this.timeoutMs = timeoutMs;
  }

  /** The {@link Host} of this node. */
  public Host host() {
    return new Host(node.nodeId(), this, this, this, node.proxy());
  }

  private Future<JsonObject> ask(String op, JsonObject body, long timeout) {
    if (node.dataDir().isEmpty()) {
      return Future.failedFuture("node " + node.nodeId() + " is not in the cluster");
    }
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions()
        .addHeader(NodeAgent.OP, op).setSendTimeout(timeout))
      .map(reply -> reply.body() == null ? new JsonObject() : reply.body());
  }

  private Future<JsonObject> ask(String op, JsonObject body) {
    return ask(op, body, timeoutMs);
  }

  @Override
  public Future<Void> ping() {
    return ask(NodeAgent.PING, new JsonObject()).mapEmpty();
  }

  @Override
  public Future<String> run(ContainerSpec spec) {
    return ask(NodeAgent.RUN, new JsonObject().put("spec", spec.toJson())).map(r -> r.getString("id"));
  }

  /** Only sealed values travel: the agent's node opens them into the container's environment. */
  @Override
  public Future<String> run(ContainerSpec spec, JsonObject sealedEnv) {
    if (sealedEnv == null || sealedEnv.isEmpty()) {
      return run(spec);
    }
    return ask(NodeAgent.RUN, new JsonObject().put("spec", spec.toJson()).put("sealedEnv", sealedEnv))
      .map(r -> r.getString("id"));
  }

  @Override
  public Future<Void> stop(String containerId, int timeoutSeconds) {
    return ask(NodeAgent.STOP, new JsonObject().put("id", containerId).put("timeout", timeoutSeconds),
      timeoutSeconds * 1000L + REPLY_SLACK_MS).mapEmpty();
  }

  @Override
  public Future<Void> pause(String containerId) {
    return ask(NodeAgent.PAUSE, new JsonObject().put("id", containerId)).mapEmpty();
  }

  @Override
  public Future<Void> unpause(String containerId) {
    return ask(NodeAgent.UNPAUSE, new JsonObject().put("id", containerId)).mapEmpty();
  }

  @Override
  public Future<Void> remove(String containerId) {
    return ask(NodeAgent.REMOVE, new JsonObject().put("id", containerId)).mapEmpty();
  }

  @Override
  public Future<List<Container>> list(String node) {
    return ask(NodeAgent.LIST, new JsonObject()).map(r -> r.getJsonArray("containers", new JsonArray()).stream()
      .map(o -> NodeAgent.container((JsonObject) o)).toList());
  }

  @Override
  public Future<List<String>> logTail(String containerId, int lines) {
    return ask(NodeAgent.LOG_TAIL, new JsonObject().put("id", containerId).put("lines", lines))
      .map(r -> r.getJsonArray("lines", new JsonArray()).stream().map(String::valueOf).toList());
  }

  @Override
  public Future<Exit> exit(String containerId) {
    return ask(NodeAgent.EXIT, new JsonObject().put("id", containerId)).map(r -> new Exit(r.getBoolean("running", false),
      r.getInteger("exitCode", -1), r.getBoolean("oomKilled", false), r.getString("error", "")));
  }

  @Override
  public Future<Subscription> events(String node, Handler<Event> handler) {
    return Future.failedFuture("the events of node " + node + " come on " + Names.Address.AGENT_EVENTS);
  }

  /** Nothing to release: the agent's node owns its engine and probe. */
  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> removeImage(String image) {
    return ask(NodeAgent.REMOVE_IMAGE, new JsonObject().put("image", image)).mapEmpty();
  }

  @Override
  public String folder(String instance) {
    return Path.of(node.dataDir(), "sockets", instance).toString();
  }

  @Override
  public Future<String> create(String instance) {
    return ask(NodeAgent.CREATE_DIR, new JsonObject().put("instance", instance)).map(r -> r.getString("folder"));
  }

  /** Only sealed values travel: the agent's node decrypts them. */
  @Override
  public Future<String> writeSecrets(String instance, JsonObject sealed) {
    return ask(NodeAgent.WRITE_SECRETS, new JsonObject().put("instance", instance).put("secrets", sealed))
      .map(r -> r.getString("folder"));
  }

  @Override
  public Future<Set<String>> instances() {
    return ask(NodeAgent.DIRS, new JsonObject()).map(r -> {
      Set<String> ids = new HashSet<>();
      r.getJsonArray("instances", new JsonArray()).forEach(id -> ids.add(String.valueOf(id)));
      return ids;
    });
  }

  @Override
  public Future<Void> delete(String instance) {
    return ask(NodeAgent.DELETE_DIR, new JsonObject().put("instance", instance)).mapEmpty();
  }

  /** The agent waits for the instance; {@code wanted} is checked here when the answer comes back. */
  @Override
  public Future<Void> awaitReady(String socketPath, String containerId, String healthPath, long timeoutMs,
      BooleanSupplier wanted) {
    return ask(NodeAgent.AWAIT_READY, new JsonObject().put("socket", socketPath).put("id", containerId)
      .put("path", healthPath).put("timeout", timeoutMs), timeoutMs + REPLY_SLACK_MS)
      .compose(ok -> wanted.getAsBoolean() ? Future.succeededFuture() : Future.failedFuture("no longer wanted"));
  }
}
