package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.ContainerEngine.Container;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.SocketDirs;
import dev.plat.docker.Bind;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The instance agent of a node: runs the leading controller's container, socket-folder and health
 * operations on this node's own dockerd ({@link RemoteHost} is its client), and publishes this
 * node's container events on {@link Names.Address#AGENT_EVENTS}. It runs on every node with the
 * controller role, leader or not. It starts only containers of this node's instances: labelled
 * with this node, no added capability, bind mounts only under this node's socket folders; an image
 * it does not have is pulled from the registry first (by digest).
 */
final class NodeAgent {
  /** Header naming the operation. */
  public static final String OP = "op";
  static final String PING = "ping";
  static final String RUN = "run";
  static final String STOP = "stop";
  static final String PAUSE = "pause";
  static final String UNPAUSE = "unpause";
  static final String REMOVE = "remove";
  static final String LIST = "list";
  static final String LOG_TAIL = "logTail";
  static final String EXIT = "exit";
  static final String REMOVE_IMAGE = "removeImage";
  static final String CREATE_DIR = "createDir";
  static final String DIRS = "dirs";
  static final String DELETE_DIR = "deleteDir";
  static final String WRITE_SECRETS = "writeSecrets";
  static final String AWAIT_READY = "awaitReady";
  private static final Logger LOG = Logger.getLogger(NodeAgent.class.getName());

  private final String node;
  private final ContainerEngine engine;
  private final SocketDirs dirs;
  private final HealthProbe probe;
  private final Map<String, Function<JsonObject, Future<JsonObject>>> ops = new HashMap<>();

  /** @param engine this node's engine, one that pulls an image it lacks before it runs a container ({@link PullingEngine}) */
  public NodeAgent(String node, ContainerEngine engine, SocketDirs dirs, HealthProbe probe) {
    this.node = node;
    this.engine = engine;
    this.dirs = dirs;
    this.probe = probe;
    ops.put(PING, b -> engine.ping().map(v -> new JsonObject()));
    ops.put(RUN, this::run);
    ops.put(STOP, b -> engine.stop(b.getString("id"), b.getInteger("timeout", 2)).map(v -> new JsonObject()));
    ops.put(PAUSE, b -> engine.pause(b.getString("id")).map(v -> new JsonObject()));
    ops.put(UNPAUSE, b -> engine.unpause(b.getString("id")).map(v -> new JsonObject()));
    ops.put(REMOVE, b -> engine.remove(b.getString("id")).map(v -> new JsonObject()));
    ops.put(LIST, b -> engine.list(node).map(list -> new JsonObject().put("containers",
      new JsonArray(list.stream().map(NodeAgent::toJson).toList()))));
    ops.put(LOG_TAIL, b -> engine.logTail(b.getString("id"), b.getInteger("lines", 20))
      .map(lines -> new JsonObject().put("lines", new JsonArray(lines))));
    ops.put(EXIT, b -> engine.exit(b.getString("id")).map(e -> new JsonObject().put("running", e.running())
      .put("exitCode", e.exitCode()).put("oomKilled", e.oomKilled()).put("error", e.error())));
    ops.put(REMOVE_IMAGE, b -> engine.removeImage(b.getString("image")).map(v -> new JsonObject()));
    ops.put(CREATE_DIR, b -> dirs.create(instance(b)).map(folder -> new JsonObject().put("folder", folder)));
    ops.put(DIRS, b -> dirs.instances().map(ids -> new JsonObject().put("instances", new JsonArray(ids.stream().toList()))));
    ops.put(DELETE_DIR, b -> dirs.delete(instance(b)).map(v -> new JsonObject()));
    ops.put(WRITE_SECRETS, b -> dirs.writeSecrets(instance(b), b.getJsonObject("secrets", new JsonObject()))
      .map(folder -> new JsonObject().put("folder", folder)));
    ops.put(AWAIT_READY, b -> probe.awaitReady(b.getString("socket"), b.getString("id"),
      b.getString("path", FunctionSpec.DEFAULT_HEALTH_PATH), b.getLong("timeout", 30_000L), () -> true).map(v -> new JsonObject()));
  }

  /** Answers on {@code plat.agent.<node>} and publishes this node's container events; completes once both are set up. */
  public Future<MessageConsumer<JsonObject>> start(Vertx vertx) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Names.Address.AGENT_PREFIX + node, this::handle);
    return consumer.completion().map(consumer);
  }

  /** Publishes one of this node's container events for the leader. */
  public static void publish(Vertx vertx, String node, ContainerEngine.Event event) {
    vertx.eventBus().publish(Names.Address.AGENT_EVENTS, new JsonObject().put("node", node)
      .put("action", event.action()).put("id", event.containerId()).put("labels", new JsonObject(new HashMap<>(event.labels()))));
  }

  /** An event as {@link #publish} wrote it. */
  public static ContainerEngine.Event event(JsonObject json) {
    Map<String, String> labels = new HashMap<>();
    json.getJsonObject("labels", new JsonObject()).forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
    return new ContainerEngine.Event(json.getString("action"), json.getString("id"), labels);
  }

  private void handle(Message<JsonObject> msg) {
    Function<JsonObject, Future<JsonObject>> op = ops.get(msg.headers().get(OP));
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    Future<JsonObject> result;
    try {
      result = op == null ? Future.failedFuture(PlatError.badRequest("unknown_operation",
        "unknown agent operation '" + msg.headers().get(OP) + "'")) : op.apply(body);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result());
      } else {
        msg.fail(500, String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  private Future<JsonObject> run(JsonObject body) {
    ContainerSpec spec = ContainerSpec.fromJson(body.getJsonObject("spec", new JsonObject()));
    String refused = refusal(spec);
    if (refused != null) {
      LOG.warning("agent " + node + ": refused to run " + spec.name() + ": " + refused);
      return Future.failedFuture("node " + node + " refuses the container: " + refused);
    }
    return engine.run(spec, body.getJsonObject("sealedEnv", new JsonObject())).map(id -> new JsonObject().put("id", id));
  }

  /** Why this node must not run {@code spec}; {@code null} when it may. */
  String refusal(ContainerSpec spec) {
    if (!node.equals(spec.labels().get(Names.Label.NODE))) {
      return "it is not labelled for this node";
    }
    if (!spec.capAdd().isEmpty()) {
      return "it adds capabilities";
    }
    Path root = Path.of(dirs.folder("x")).getParent();
    Path secretsRoot = Path.of(dirs.secretsFolder("x")).getParent();
    for (Bind bind : spec.binds()) {
      Path host = Path.of(bind.hostPath()).normalize();
      boolean socketFolder = host.startsWith(root) && !host.equals(root);
      boolean secretsFolder = host.startsWith(secretsRoot) && !host.equals(secretsRoot);
      if (!socketFolder && !secretsFolder) {
        return "it mounts " + bind.hostPath() + ", outside this node's socket and secrets folders";
      }
    }
    return null;
  }

  private static String instance(JsonObject body) {
    String id = body.getString("instance", "");
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}") || id.contains("..")) {
      throw new IllegalArgumentException("bad instance id '" + id + "'");
    }
    return id;
  }

  static JsonObject toJson(Container c) {
    return new JsonObject().put("id", c.id()).put("name", c.name()).put("labels", new JsonObject(new HashMap<>(c.labels())))
      .put("running", c.running()).put("paused", c.paused());
  }

  static Container container(JsonObject json) {
    Map<String, String> labels = new HashMap<>();
    json.getJsonObject("labels", new JsonObject()).forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
    return new Container(json.getString("id"), json.getString("name"), labels, json.getBoolean("running", false),
      json.getBoolean("paused", false));
  }
}
