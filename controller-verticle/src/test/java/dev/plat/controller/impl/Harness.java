package dev.plat.controller.impl;

import dev.plat.cluster.NodeInfo;
import dev.plat.cluster.Role;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.DeployJournal;
import dev.plat.controller.ImageCleaner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A controller core on fakes only: every call completes synchronously on the test thread. */
final class Harness {
  static final String NODE = "node-a";

  final FakeContainerEngine engine = new FakeContainerEngine();
  final RouteTable routes = RouteTable.inMemory();
  final FakeSocketDirs dirs = new FakeSocketDirs();
  final FakeHealthProbe probe = new FakeHealthProbe();
  final ManualScheduler clock = new ManualScheduler();
  final MemoryRegistryStore store;
  /** The secrets as stored (sealed values), in memory. */
  final java.util.Map<String, String> storedSecrets = new java.util.TreeMap<>();
  final dev.plat.controller.SecretStore secretStore = new dev.plat.controller.SecretStore() {
    @Override
    public Future<java.util.Map<String, String>> load() {
      return Future.succeededFuture(new java.util.TreeMap<>(storedSecrets));
    }

    @Override
    public Future<Void> save(java.util.Map<String, String> records) {
      storedSecrets.clear();
      storedSecrets.putAll(records);
      return Future.succeededFuture();
    }
  };
  /** The deploys acknowledged and waiting, shared with a harness that takes over ({@link #Harness(Harness)}). */
  final DeployJournal journal;
  /** The build records the cluster's build store would hold, by build id. */
  final java.util.Map<String, JsonObject> buildRecords = new java.util.HashMap<>();
  final List<JsonObject> events = new ArrayList<>();
  final List<JsonObject> buildRequests = new ArrayList<>();
  final ControllerOptions options = new ControllerOptions().setRouteGraceMs(0);
  Future<String> builderAnswer;
  /** The pool's backend; {@code null}: no pool (set it and {@code options.setPoolSize} before {@link #start}). */
  FakePoolBackend pool;
  /** The cluster's nodes; {@code null}: this node alone (set it before {@link #start}). */
  dev.plat.cluster.NodeDirectory nodes;
  private int builds;
  ControllerCore core;
  /** What the image cleaner was asked: {@code function <name>} or {@code image <reference>}. */
  final List<String> cleaned = new ArrayList<>();
  /** Images the fake registry no longer has ({@code exists} answers false). */
  final java.util.Set<String> goneImages = new java.util.HashSet<>();
  final ImageCleaner images = new ImageCleaner() {
    @Override
    public Future<Boolean> exists(String function, String image) {
      return Future.succeededFuture(!goneImages.contains(image));
    }

    @Override
    public Future<Void> removeFunction(String function) {
      cleaned.add("function " + function);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> removeImage(String function, String image) {
      cleaned.add("image " + image);
      return Future.succeededFuture();
    }
  };

  Harness() {
    this.store = new MemoryRegistryStore();
    this.journal = DeployJournal.inMemory();
  }

  /** A controller that takes over from {@code previous}: its registry and deploy journal. */
  Harness(Harness previous) {
    this.store = previous.store;
    this.journal = previous.journal;
  }

  Harness start() {
    Future<Void> started = begin();
    if (!started.succeeded()) {
      throw new AssertionError("start failed", started.cause());
    }
    return this;
  }

  /** Puts {@code node} in {@link #nodes} as a node with the controller and proxy roles, and waits for it. */
  void announce(String node) throws Exception {
    nodes.put(new NodeInfo(node, Set.of(Role.CONTROLLER, Role.PROXY), "127.0.0.1:0", node + ":8081", 1))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Builds the core and starts it; the start may still be under way (it waits for nodes to announce themselves). */
  Future<Void> begin() {
    StatusPublisher status = new StatusPublisher(events::add, clock::now);
    Host local = new Host(NODE, engine, dirs, probe, "127.0.0.1:8081");
    // other nodes share the fake engine (it lists a node's containers by their node label), folders and probe
    Hosts hosts = nodes == null ? Hosts.single(local)
      : Hosts.cluster(local, nodes, info -> new Host(info.nodeId(), engine, dirs, probe, info.proxy()));
    core = new ControllerCore(hosts, routes, clock, status, options, store, request -> {
      buildRequests.add(request);
      return builderAnswer != null ? builderAnswer : Future.succeededFuture("b" + (++builds));
    }, new StatusView("127.0.0.1", 8080, "platform.test"), pool, images, journal,
      id -> Future.succeededFuture(buildRecords.get(id)), secretStore);
    engine.events(NODE, core::onEngineEvent);
    return core.start().compose(v -> core.resumeDeploys());
  }

  /** Runs an action and returns its (synchronous) reply; throws the PlatError it failed with. */
  JsonObject call(String action, JsonObject body) {
    Future<JsonObject> reply = core.handle(action, body);
    if (!reply.isComplete()) {
      throw new AssertionError(action + " did not complete");
    }
    if (reply.failed()) {
      throw PlatError.from(reply.cause());
    }
    return reply.result();
  }

  /** Deploys through the controller and the (fake) builder; the build succeeds with an image at once. */
  JsonObject deploy(JsonObject spec) {
    JsonObject reply = call(Actions.Controller.DEPLOY, new JsonObject().put("spec", spec)
      .put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    String name = reply.getString("name");
    long version = reply.getLong("version");
    core.onBuildEvent(new JsonObject().put("type", "done").put("buildId", reply.getString("buildId"))
      .put("function", name).put("version", version)
      .put("image", "127.0.0.1:5000/plat/" + name + ":" + version).put("digest", "sha256:" + version));
    return reply;
  }

  JsonObject deploy(String name) {
    return deploy(spec(name));
  }

  static JsonObject spec(String name) {
    return new JsonObject().put("name", name).put("runtime", "python-flask");
  }

  JsonObject get(String name) {
    return call(Actions.Controller.GET, new JsonObject().put("name", name));
  }

  List<Route> routes(String function) {
    return routes.routes(function);
  }

  List<JsonObject> events(String type, String state) {
    return events.stream().filter(e -> type.equals(e.getString("type")) && state.equals(e.getString("state"))).toList();
  }

  static <T> Promise<T> promise() {
    return Promise.promise();
  }
}
