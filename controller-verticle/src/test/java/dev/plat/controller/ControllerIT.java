package dev.plat.controller;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.BuildOptions;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.DockerTestSupport;
import dev.plat.docker.TarContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller against the real dockerd: a python-flask function image built here from
 * {@code runtimes/python-flask} and its template, deployed through the controller's bus API with
 * a stand-in builder that answers with that image.
 */
class ControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path RUNTIME = Path.of("..", "runtimes", "python-flask").toAbsolutePath().normalize();

  private static Vertx vertx;
  private static DockerClient docker;
  private static String runId;
  private static String image;

  @TempDir
  Path dataDir;
  private String node;
  private RouteTable routes;
  private final List<JsonObject> status = new CopyOnWriteArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private MessageConsumer<JsonObject> builder;
  private InstanceCalls http;

  @BeforeAll
  static void buildFunctionImage() throws IOException {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));  // instance peers are checked on epoll only
    docker = DockerTestSupport.requireDocker(vertx);
    DockerTestSupport.requireImage(vertx, docker, DockerTestSupport.PYTHON_BASE_IMAGE, Duration.ofMinutes(3));
    runId = DockerTestSupport.newRunId();
    image = "plat-test/controller-it-" + runId + ":1";
    TarContext context = TarContext.create();
    try (Stream<Path> files = Files.list(RUNTIME)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        context.file(file.getFileName().toString(), Files.readAllBytes(file));
      }
    }
    context.file("function/handler.py", Files.readAllBytes(RUNTIME.resolve("template/handler.py")));
    BuildOptions options = BuildOptions.builder().tag(image).buildArg("BASE_IMAGE", DockerTestSupport.PYTHON_BASE_IMAGE)
      .labels(DockerTestSupport.testLabels(runId)).build();
    await(docker.buildImage(context.toStream(vertx, 64 * 1024), options, null), Duration.ofMinutes(3));
  }

  @AfterAll
  static void removeImage() {
    if (docker != null) {
      DockerTestSupport.cleanup(docker, runId);
      await(docker.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @BeforeEach
  void standInBuilder() {
    node = "ctl-it-" + DockerTestSupport.newRunId();
    routes = RouteTable.inMemory();
    http = new InstanceCalls(vertx);
    vertx.eventBus().<JsonObject>consumer(Names.Address.STATUS, m -> status.add(m.body()));
    builder = InstantBuilder.serve(vertx, image);
  }

  @AfterEach
  void removeContainersOfThisNode() {
    for (String id : deployments) {
      await(vertx.undeploy(id));
    }
    if (builder != null) {
      await(builder.unregister());
    }
    List<ContainerSummary> left = await(docker.listContainers(true, DockerFilters.create().label(Names.Label.NODE, node)));
    for (ContainerSummary c : left) {
      await(DockerTestSupport.ignoreNotFound(docker.removeContainer(c.id(), true)));
    }
    await(http.close());
  }

  private String startController() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.DATA_DIR, dataDir.toString(), ConfigKey.NODE_ID, node));
    ControllerOptions options = new ControllerOptions().setBackoff(200, 2_000).setStopTimeoutSeconds(2);
    String id = await(vertx.deployVerticle(new ControllerVerticle(config, docker, routes, options)), WAIT);
    deployments.add(id);
    return id;
  }

  private JsonObject call(String action, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Actions.HEADER, action).setSendTimeout(WAIT.toMillis());
    try {
      return await(vertx.eventBus().<JsonObject>request(Names.Address.CONTROLLER, body, options), WAIT).body();
    } catch (RuntimeException e) {
      throw PlatError.from(e);
    }
  }

  private JsonObject deploy(String name) {
    return call(Actions.Controller.DEPLOY, new JsonObject().put("upload", "/nowhere.zip").put("sha256", "x")
      .put("spec", new JsonObject().put("name", name).put("runtime", "python-flask")
        .put("limits", new JsonObject().put("memoryMb", 128).put("pids", 64).put("cpus", 0.5))));
  }

  private void waitUntil(String what, BooleanSupplier condition) {
    waitFor(what, () -> Future.succeededFuture(condition.getAsBoolean()));
  }

  /** Polls {@code check} every 50 ms on a timer (never blocking an event loop) until it yields true. */
  private void waitFor(String what, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + WAIT.toMillis();
    poll(what, check, deadline, done);
    await(done.future(), WAIT.plusSeconds(5));
  }

  private void poll(String what, Supplier<Future<Boolean>> check, long deadline, Promise<Void> done) {
    check.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        done.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        done.tryFail(new AssertionError("timed out waiting until " + what));
      } else {
        vertx.setTimer(50, id -> poll(what, check, deadline, done));
      }
    });
  }

  private Future<List<ContainerSummary>> listContainers(String function) {
    return docker.listContainers(true, DockerFilters.create().label(Names.Label.NODE, node)
      .label(Names.Label.FUNCTION, function));
  }

  private List<ContainerSummary> containers(String function) {
    return await(listContainers(function));
  }

  private String invoke(Route route, String query) {
    RequestOptions options = new RequestOptions().setServer(SocketAddress.domainSocketAddress(route.socket()))
      .setMethod(HttpMethod.GET).setHost("localhost").setURI("/" + query).putHeader("Host", "localhost");
    return await(http.body(options), WAIT).toString();
  }

  private JsonObject registryFile() throws IOException {
    return new JsonObject(Files.readString(dataDir.resolve("registry/functions.json")));
  }

  @Test
  void runsAHardenedInstanceThatAnswersOverItsSocketAndRestartsItAfterAKill() throws IOException {
    startController();
    JsonObject reply = deploy("hello");
    assertEquals(1L, reply.getLong("version"));

    waitUntil("hello is routed", () -> routes.routes("hello").size() == 1);
    Route route = routes.routes("hello").get(0);
    assertEquals("Hello, it!\n", invoke(route, "?name=it"));
    JsonObject got = call(Actions.Controller.GET, new JsonObject().put("name", "hello"));
    assertEquals("ready", got.getString("state"));
    assertEquals(image, got.getString("image"));
    assertEquals(1, registryFile().getJsonArray("functions").size());

    List<ContainerSummary> list = containers("hello");
    assertEquals(1, list.size());
    ContainerInfo info = await(docker.inspectContainer(list.get(0).id()));
    assertEquals("plat-hello-" + route.instance(), info.name());
    Map<String, String> labels = info.labels();
    assertEquals("hello", labels.get(Names.Label.FUNCTION));
    assertEquals("1", labels.get(Names.Label.VERSION));
    assertEquals(route.instance(), labels.get(Names.Label.INSTANCE));
    assertEquals(node, labels.get(Names.Label.NODE));
    JsonObject host = info.raw().getJsonObject("HostConfig");
    assertTrue(host.getBoolean("ReadonlyRootfs"), host.encodePrettily());
    assertTrue(host.getJsonObject("Tmpfs").containsKey("/tmp"), host.encodePrettily());
    assertEquals(new JsonArray().add("ALL"), host.getJsonArray("CapDrop"));
    assertTrue(host.getJsonArray("SecurityOpt").contains("no-new-privileges"), host.encodePrettily());
    assertEquals(128L * 1024 * 1024, host.getLong("Memory"));
    assertEquals(64L, host.getLong("PidsLimit"));
    assertEquals(500_000_000L, host.getLong("NanoCpus"));
    assertEquals("none", host.getString("NetworkMode"));
    Object ports = host.getValue("PortBindings");
    assertTrue(ports == null || (ports instanceof JsonObject o && o.isEmpty()), "no published port: " + ports);
    assertEquals("10001:10001", info.raw().getJsonObject("Config").getString("User"));
    ContainerSpec spec = info.spec();
    assertEquals("/run/plat/fn.sock", spec.env().get("PLAT_SOCKET"));
    assertEquals("hello", spec.env().get("PLAT_FUNCTION"));
    assertEquals("1", spec.env().get("PLAT_VERSION"));

    await(docker.killContainer(list.get(0).id(), "SIGKILL"));

    waitUntil("a new instance replaces the killed one", () -> routes.routes("hello").size() == 1
      && !routes.routes("hello").get(0).instance().equals(route.instance()));
    assertTrue(status.stream().anyMatch(e -> "instance".equals(e.getString("type"))
      && "crashed".equals(e.getString("state")) && route.instance().equals(e.getString("instance"))), status.toString());
    assertEquals("Hello, again!\n", invoke(routes.routes("hello").get(0), "?name=again"));
    waitFor("the killed container is removed", () -> listContainers("hello").map(left -> left.size() == 1));
  }

  @Test
  void aSecondControllerAdoptsTheRunningInstanceAndRemovesAnOrphan() {
    String first = startController();
    deploy("hello");
    waitUntil("hello is routed", () -> routes.routes("hello").size() == 1);
    Route route = routes.routes("hello").get(0);
    String container = containers("hello").get(0).id();
    String orphan = await(docker.createContainer(ContainerSpec.builder(image).networkMode("none")
      .labels(DockerTestSupport.testLabels(runId)).label(Names.Label.FUNCTION, "ghost")
      .label(Names.Label.INSTANCE, "ghost1").label(Names.Label.NODE, node).label(Names.Label.VERSION, "1")
      .cmd("python3", "-c", "import time; time.sleep(600)").build()));
    await(docker.startContainer(orphan));

    await(vertx.undeploy(first));
    deployments.remove(first);
    await(routes.remove("hello", route.instance()));
    startController();

    assertThrows(DockerNotFoundException.class, () -> await(docker.inspectContainer(orphan)));
    waitUntil("the adopted instance is routed again", () -> routes.routes("hello").size() == 1);
    assertEquals(route, routes.routes("hello").get(0));
    List<ContainerSummary> list = containers("hello");
    assertEquals(1, list.size(), "no duplicate instance");
    assertEquals(container, list.get(0).id());
    assertEquals("Hello, adopted!\n", invoke(route, "?name=adopted"));
  }

  @Test
  void stopStartAndDeleteManageContainersRoutesAndTheRegistry() throws IOException {
    startController();
    deploy("hello");
    waitUntil("hello is routed", () -> routes.routes("hello").size() == 1);
    String socketFolder = Path.of(routes.routes("hello").get(0).socket()).getParent().toString();

    JsonObject stopped = call(Actions.Controller.STOP, new JsonObject().put("name", "hello"));
    assertEquals("stopped", stopped.getString("state"));
    assertTrue(containers("hello").isEmpty());
    assertTrue(routes.routes("hello").isEmpty());
    assertFalse(Files.exists(Path.of(socketFolder)), "the socket folder is removed");
    assertEquals("stopped", registryFile().getJsonArray("functions").getJsonObject(0).getString("desired"));

    JsonObject started = call(Actions.Controller.START, new JsonObject().put("name", "hello"));
    assertEquals("ready", started.getString("state"));
    assertEquals(1, routes.routes("hello").size());
    assertEquals(1, containers("hello").size());

    JsonObject deleted = call(Actions.Controller.DELETE, new JsonObject().put("name", "hello"));
    assertEquals(new JsonObject().put("name", "hello").put("deleted", true), deleted);
    assertTrue(routes.routes("hello").isEmpty(), "no route by the answer");
    waitFor("the containers to be removed after the answer", () -> listContainers("hello").map(List::isEmpty));
    assertTrue(registryFile().getJsonArray("functions").isEmpty());
    PlatError missing = assertThrows(PlatError.class, () -> call(Actions.Controller.GET, new JsonObject().put("name", "hello")));
    assertEquals(404, missing.status());
    assertEquals("function_not_found", missing.code());
    assertNotEquals(0, status.stream().filter(e -> "deleted".equals(e.getString("state"))).count());
  }
}
