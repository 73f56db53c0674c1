package dev.plat.controller;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerEvent;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerTestSupport;
import dev.plat.docker.EventSubscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause through the cgroup freezer ({@code pauseMode freezer}) against the real dockerd: a frozen
 * instance answers nothing until it is resumed, Docker still lists it as running, a frozen
 * instance stops and is deleted at once, and a controller restarted while an instance is frozen
 * (cleanly, or killed with it frozen) serves it again.
 */
class FreezerIT {
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

  @BeforeAll
  static void buildFunctionImage() throws IOException {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));  // instance peers are checked on epoll only
    docker = DockerTestSupport.requireDocker(vertx);
    runId = DockerTestSupport.newRunId();
    image = FunctionImages.pythonHello(vertx, docker, "freezer-it", runId);
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
    node = "freezer-it-" + DockerTestSupport.newRunId();
    routes = RouteTable.inMemory();
    http = new InstanceCalls(vertx);
    builder = InstantBuilder.serve(vertx, image);
    deployment = deployController();
  }

  /** A controller that pauses after 1 s idle through the freezer only, never scales down. */
  private String deployController() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.DATA_DIR, dataDir.toString(), ConfigKey.NODE_ID, node,
      ConfigKey.PAUSE_AFTER_SECONDS, "1", ConfigKey.IDLE_TIMEOUT_SECONDS, "0", ConfigKey.PAUSE_MODE, "freezer"));
    // no pool: this test finds its containers by their function label (PoolIT covers the pool)
    ControllerOptions options = ControllerOptions.from(config).setBackoff(200, 2_000).setPoolSize(0);
    return await(vertx.deployVerticle(new ControllerVerticle(config, docker, routes, options)), WAIT);
  }

  @AfterEach
  void removeContainersOfThisNode() {
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

  /** Deploys {@code name} with one instance and waits until it is frozen; @return its container. */
  private String deployFrozen(String name) {
    call(Names.Address.CONTROLLER, Actions.Controller.DEPLOY, new JsonObject().put("upload", "/nowhere.zip")
      .put("sha256", "x").put("spec", new JsonObject().put("name", name).put("runtime", "python-flask")
        .put("scaling", new JsonObject().put("min", 1).put("max", 1))
        .put("limits", new JsonObject().put("memoryMb", 128).put("pids", 64).put("cpus", 0.5))));
    waitFor(name + " has one container", () -> containers(name).map(list -> list.size() == 1));
    String container = await(containers(name)).get(0).id();
    waitFor(name + " is frozen", () -> Freezers.frozen(vertx, docker, container));
    waitFor(name + " is paused", () -> Future.succeededFuture("paused".equals(status(name).getString("state"))));
    return container;
  }

  private JsonObject status(String name) {
    return call(Names.Address.CONTROLLER, Actions.Controller.GET, new JsonObject().put("name", name));
  }

  private Future<List<ContainerSummary>> containers(String function) {
    return docker.listContainers(true, DockerFilters.create().label(Names.Label.NODE, node)
      .label(Names.Label.FUNCTION, function));
  }

  private Future<String> invoke(String socket) {
    return http.body(request(socket)).map(Buffer::toString);
  }

  private static RequestOptions request(String socket) {
    return new RequestOptions().setServer(SocketAddress.domainSocketAddress(socket))
      .setMethod(HttpMethod.GET).setURI("/?name=frozen").putHeader("Host", "localhost");
  }

  private String socketOf(String name) {
    String instance = status(name).getJsonArray("instances").getJsonObject(0).getString("id");
    return dataDir.resolve("sockets").resolve(instance).resolve("fn.sock").toString();
  }

  private JsonObject activate(String name) {
    return call(Names.Address.ACTIVATE, null, new JsonObject().put("function", name));
  }

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

  @Test
  void aFrozenInstanceAnswersNothingUntilResumedAndDockerStillListsItAsRunning() {
    String container = deployFrozen("held");
    ContainerInfo info = await(docker.inspectContainer(container));
    assertTrue(info.state().running() && !info.state().paused(), "Docker does not know about the freezer: " + info.state());
    assertTrue(routes.routes("held").isEmpty(), "no route to a frozen instance");

    Promise<Void> written = Promise.promise();
    Future<String> early = http.body(request(socketOf("held")), written).map(Buffer::toString);
    await(written.future(), WAIT);
    assertTrue(await(Freezers.frozen(vertx, docker, container)), "still frozen once the request is in its socket");
    assertFalse(early.isComplete(), "a frozen instance answered: " + early);

    JsonObject resumed = activate("held");
    assertEquals("resumed", resumed.getString("activation"));
    assertEquals("Hello, frozen!\n", await(early, WAIT), "the request sent while frozen is answered once thawed");
    Route route = new Route(resumed.getJsonObject("route"));
    assertEquals(List.of(route), routes.routes("held"), "the reply carries the route now in the table");
    assertEquals("Hello, frozen!\n", await(invoke(route.socket()), WAIT));
    assertFalse(await(Freezers.frozen(vertx, docker, container)));
  }

  /**
   * Stopped at once: thawed first, the runtime exits on its SIGTERM. Left frozen, it could not take
   * the signal and Docker would SIGKILL it at the end of the stop timeout (over 30 s): Docker's
   * events tell the two apart, with no clock.
   */
  @Test
  void aFrozenInstanceIsStoppedAndDeletedAtOnce() {
    assertStoppedBySigterm("halted", Actions.Controller.STOP);
    assertStoppedBySigterm("deleted", Actions.Controller.DELETE);
  }

  private void assertStoppedBySigterm(String name, String action) {
    String container = deployFrozen(name);
    List<DockerEvent> events = new CopyOnWriteArrayList<>();
    EventSubscription subscription = await(docker.events(DockerFilters.create().type("container").container(container),
      events::add));
    try {
      call(Names.Address.CONTROLLER, action, new JsonObject().put("name", name));
      // a stop answers once its instances are gone, a delete before (they go after it)
      waitFor(name + "'s container gone", () -> containers(name).map(List::isEmpty));
      waitFor(name + "'s container destroyed", () -> Future.succeededFuture(
        events.stream().anyMatch(e -> e.action().equals("destroy"))));
    } finally {
      await(subscription.close());
    }
    String seen = events.stream().map(e -> e.action() + " " + e.attributes().getOrDefault("signal", "")
      + e.attributes().getOrDefault("exitCode", "")).toList().toString();
    System.out.printf("FreezerIT: %s of a frozen instance, Docker events %s%n", action, seen);
    assertTrue(events.stream().noneMatch(e -> e.action().equals("kill") && "9".equals(e.attributes().get("signal"))),
      "SIGKILLed at the end of the stop timeout: " + seen);
    assertTrue(events.stream().anyMatch(e -> e.action().equals("die") && !"137".equals(e.attributes().get("exitCode"))),
      "did not exit on its SIGTERM: " + seen);
  }

  @Test
  void aControllerRestartedWhileAnInstanceIsFrozenServesItAgain() {
    String container = deployFrozen("kept");

    // a clean stop thaws what the controller froze: Docker's view is right while no controller runs
    await(vertx.undeploy(deployment));
    assertFalse(await(Freezers.frozen(vertx, docker, container)), "thawed when the controller stopped");
    deployment = deployController();
    waitFor("kept is adopted and frozen again", () -> Freezers.frozen(vertx, docker, container));
    assertEquals("Hello, frozen!\n", await(invoke(new Route(activate("kept").getJsonObject("route")).socket()), WAIT));

    // a controller killed with its instance frozen: the next one finds it frozen and treats it as paused
    await(vertx.undeploy(deployment));
    await(Freezers.freeze(vertx, docker, container));
    deployment = deployController();
    assertEquals("paused", status("kept").getString("state"));
    assertTrue(routes.routes("kept").isEmpty());
    JsonObject resumed = activate("kept");
    assertEquals("resumed", resumed.getString("activation"));
    assertEquals(List.of(container), await(containers("kept")).stream().map(ContainerSummary::id).toList());
    assertEquals("Hello, frozen!\n", await(invoke(new Route(resumed.getJsonObject("route")).socket()), WAIT));
    assertFalse(await(Freezers.frozen(vertx, docker, container)));
  }

  /**
   * Docker does not know about a freezer pause, so a stop Plat does not issue (an operator's
   * {@code docker stop}, dockerd's own shutdown) uses the container's StopTimeout: short on every
   * instance, then SIGKILL, which ends the frozen process. Stopped here through the Engine API with
   * no {@code t}, as {@code docker stop} does; the controller then replaces the instance.
   */
  @Test
  void aFrozenInstanceStoppedOutsidePlatIsKilledAfterItsShortStopTimeout() {
    String container = deployFrozen("outside");
    ContainerInfo before = await(docker.inspectContainer(container));
    assertEquals(Integer.valueOf(2), before.spec().stopTimeout(), "instances are created with a short StopTimeout");

    RequestOptions stop = new RequestOptions().setServer(SocketAddress.domainSocketAddress("/var/run/docker.sock"))
      .setMethod(HttpMethod.POST).setURI("/containers/" + container + "/stop").putHeader("Host", "localhost");
    await(http.body(stop), WAIT);

    ContainerInfo after = await(docker.inspectContainer(container));
    assertFalse(after.state().running(), "stopped: " + after.state());
    assertEquals(137, after.state().exitCode(), "killed (SIGKILL) after the StopTimeout, the frozen process "
      + "never saw the stop signal: " + after.state());
    waitFor("the controller replaces the stopped instance", () -> containers("outside").map(list -> list.stream()
      .anyMatch(c -> !c.id().equals(container) && "running".equals(c.state()))));
  }
}
