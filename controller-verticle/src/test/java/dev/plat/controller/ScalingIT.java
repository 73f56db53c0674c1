package dev.plat.controller;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerTestSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause, resume, scale to zero, cold start and autoscaling against the real dockerd, with short
 * settings (pause after 1 s idle, instances removed after 3 s idle). Traffic is simulated with
 * proxy statistics published on the bus; activations are sent as a proxy sends them.
 */
class ScalingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Vertx vertx;
  private static DockerClient docker;
  private static String runId;
  private static String image;

  @TempDir
  Path dataDir;
  private String node;
  private RouteTable routes;
  private MessageConsumer<JsonObject> builder;
  private String deployment;
  private InstanceCalls http;
  private long statsTimer = -1;

  @BeforeAll
  static void buildFunctionImage() throws IOException {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));  // instance peers are checked on epoll only
    docker = DockerTestSupport.requireDocker(vertx);
    runId = DockerTestSupport.newRunId();
    image = FunctionImages.pythonHello(vertx, docker, "scaling-it", runId);
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
  void startController() {
    node = "scale-it-" + DockerTestSupport.newRunId();
    routes = RouteTable.inMemory();
    http = new InstanceCalls(vertx);
    builder = InstantBuilder.serve(vertx, image);
    deployment = deployController();
  }

  /** A controller of this test's node with short scaling settings; @return its deployment id. */
  private String deployController() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.DATA_DIR, dataDir.toString(), ConfigKey.NODE_ID, node,
      ConfigKey.PAUSE_AFTER_SECONDS, "1", ConfigKey.IDLE_TIMEOUT_SECONDS, "3"));
    // no pool: this test counts the containers it starts by their function label (PoolIT covers the pool)
    ControllerOptions options = ControllerOptions.from(config).setBackoff(200, 2_000).setStopTimeoutSeconds(2)
      .setPoolSize(0);
    return await(vertx.deployVerticle(new ControllerVerticle(config, docker, routes, options)), WAIT);
  }

  @AfterEach
  void removeContainersOfThisNode() {
    vertx.cancelTimer(statsTimer);
    await(vertx.undeploy(deployment));
    await(builder.unregister());
    for (ContainerSummary c : await(docker.listContainers(true, DockerFilters.create().label(Names.Label.NODE, node)))) {
      await(DockerTestSupport.ignoreNotFound(docker.removeContainer(c.id(), true)));
    }
    await(http.close());
  }

  private JsonObject call(String address, String action, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(WAIT.toMillis());
    if (action != null) {
      options.addHeader(Actions.HEADER, action);
    }
    try {
      return await(vertx.eventBus().<JsonObject>request(address, body, options), WAIT).body();
    } catch (RuntimeException e) {
      throw PlatError.from(e);
    }
  }

  private void deploy(String name, int min, int max) {
    call(Names.Address.CONTROLLER, Actions.Controller.DEPLOY, new JsonObject().put("upload", "/nowhere.zip")
      .put("sha256", "x").put("spec", new JsonObject().put("name", name).put("runtime", "python-flask")
        .put("scaling", new JsonObject().put("min", min).put("max", max))
        .put("limits", new JsonObject().put("memoryMb", 128).put("pids", 64).put("cpus", 0.5))));
  }

  private String state(String name) {
    return call(Names.Address.CONTROLLER, Actions.Controller.GET, new JsonObject().put("name", name)).getString("state");
  }

  /** Sends an activation as a proxy does; @return the reply and prints how long it took. */
  private JsonObject activate(String name, String what) {
    long start = System.nanoTime();
    JsonObject reply = call(Names.Address.ACTIVATE, null, new JsonObject().put("function", name));
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("ScalingIT: activation %s -> ready: %.1f ms (controller: %d ms, %s)%n", what, ms,
      reply.getLong("ms"), reply.getString("activation"));
    return reply;
  }

  private List<ContainerSummary> containers(String function) {
    return await(docker.listContainers(true, DockerFilters.create().label(Names.Label.NODE, node)
      .label(Names.Label.FUNCTION, function)));
  }

  private String invoke(Route route) {
    RequestOptions options = new RequestOptions().setServer(SocketAddress.domainSocketAddress(route.socket()))
      .setMethod(HttpMethod.GET).setURI("/?name=scale").putHeader("Host", "localhost");
    return await(http.body(options), WAIT).toString();
  }

  /** Polls {@code check} every 50 ms on a timer (never blocking an event loop) until it yields true. */
  private void waitFor(String what, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    poll(what, check, System.currentTimeMillis() + WAIT.toMillis(), done);
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

  /** Paused through the Engine API or frozen through the freezer (pauseMode auto picks the freezer here). */
  private Future<Boolean> paused(String function) {
    return docker.listContainers(true, DockerFilters.create().label(Names.Label.NODE, node)
        .label(Names.Label.FUNCTION, function))
      .compose(list -> list.size() != 1 ? Future.succeededFuture(false)
        : docker.inspectContainer(list.get(0).id()).compose(info -> info.state().paused() ? Future.succeededFuture(true)
          : Freezers.frozen(vertx, docker, info.id())));
  }

  @Test
  void anIdleInstanceIsPausedResumedOnActivationThenScaledToZeroAndStartedAgain() {
    deploy("idle", 0, 3);
    // On a busy machine the instance may be paused (1 s idle) before a poll sees its route: wait for the pause.
    waitFor("the idle instance is paused", () -> paused("idle"));
    assertTrue(routes.routes("idle").isEmpty(), "no route to a paused instance");
    assertEquals("paused", state("idle"));

    JsonObject resumed = activate("idle", "paused");
    assertEquals("resumed", resumed.getString("activation"));
    assertEquals(1, routes.routes("idle").size(), "the route is back when the activation answers");
    assertEquals(resumed.getString("instance"), routes.routes("idle").get(0).instance());
    assertEquals("Hello, scale!\n", invoke(routes.routes("idle").get(0)));

    waitFor("idle is scaled to zero", () -> docker.listContainers(true, DockerFilters.create()
      .label(Names.Label.NODE, node).label(Names.Label.FUNCTION, "idle")).map(List::isEmpty));
    assertTrue(routes.routes("idle").isEmpty());
    assertEquals("scaled-to-zero", state("idle"));

    JsonObject started = activate("idle", "zero");
    assertEquals("started", started.getString("activation"));
    assertEquals(1, routes.routes("idle").size());
    assertEquals(1, containers("idle").size());
    assertEquals("Hello, scale!\n", invoke(routes.routes("idle").get(0)));
  }

  @Test
  void aRestartedControllerAdoptsAPausedInstanceAndResumesIt() {
    deploy("kept", 1, 3);
    waitFor("kept is routed", () -> Future.succeededFuture(routes.routes("kept").size() == 1));
    waitFor("the idle instance is paused", () -> paused("kept"));
    String container = containers("kept").get(0).id();

    // a stopping controller thaws what it froze; an instance paused through the Engine API stays paused
    await(vertx.undeploy(deployment));
    await(docker.pauseContainer(container));
    deployment = deployController();

    assertEquals("paused", state("kept"));
    assertEquals(List.of(container), containers("kept").stream().map(ContainerSummary::id).toList());
    assertTrue(await(paused("kept")), "still frozen");
    assertTrue(routes.routes("kept").isEmpty());
    JsonObject resumed = activate("kept", "paused, after a controller restart");
    assertEquals("resumed", resumed.getString("activation"));
    assertEquals("Hello, scale!\n", invoke(routes.routes("kept").get(0)));
  }

  @Test
  void sustainedReportedLoadScalesUpToMax() {
    deploy("busy", 1, 3);
    waitFor("busy is routed", () -> Future.succeededFuture(routes.routes("busy").size() == 1));
    long[] requests = {0};
    statsTimer = vertx.setPeriodic(500, id -> vertx.eventBus().publish(Names.Address.PROXY_STATS, new JsonObject()
      .put("node", "fake-proxy").put("functions", new JsonObject().put("busy", new JsonObject()
        .put("inFlight", 30).put("queued", 0).put("requests", requests[0] += 20)))));

    long start = System.nanoTime();
    waitFor("3 instances serve busy", () -> Future.succeededFuture(routes.routes("busy").size() == 3));
    System.out.printf("ScalingIT: 1 -> 3 instances under 30 in flight (target 10): %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertEquals(3, containers("busy").size(), "max 3");
    assertEquals("ready", state("busy"));
    for (Route route : routes.routes("busy")) {
      assertEquals("Hello, scale!\n", invoke(route));
    }
  }
}
