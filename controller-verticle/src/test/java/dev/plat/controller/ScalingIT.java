package dev.plat.controller;

import static dev.plat.controller.ControllerOnDocker.WAIT;
import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.Actions;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause, resume, scale to zero, cold start and autoscaling against the real dockerd, with short
 * settings (pause after 1 s idle, instances removed after 3 s idle). Traffic is simulated with
 * proxy statistics published on the bus; activations are sent as a proxy sends them.
 */
class ScalingIT {
  @RegisterExtension
  static final ControllerOnDocker controller = new ControllerOnDocker("scaling-it");

  @TempDir
  Path dataDir;
  private String deployment;
  private long statsTimer = -1;

  @BeforeEach
  void startController() {
    deployment = deployController();
  }

  /** A controller of this test's node with short scaling settings; @return its deployment id. */
  private String deployController() {
    PlatConfig config = controller.config(dataDir, Map.of(ConfigKey.PAUSE_AFTER_SECONDS, "1",
      ConfigKey.IDLE_TIMEOUT_SECONDS, "3"));
    // no pool: this test counts the containers it starts by their function label (PoolIT covers the pool)
    return controller.start(config, ControllerOptions.from(config).setBackoff(200, 2_000).setStopTimeoutSeconds(2)
      .setPoolSize(0));
  }

  @AfterEach
  void stopReporting() {
    controller.vertx.cancelTimer(statsTimer);
  }

  private void deploy(String name, int min, int max) {
    controller.call(Actions.Controller.DEPLOY, new JsonObject().put("upload", "/nowhere.zip")
      .put("sha256", "x").put("spec", new JsonObject().put("name", name).put("runtime", "python-flask")
        .put("scaling", new JsonObject().put("min", min).put("max", max))
        .put("limits", new JsonObject().put("memoryMb", 128).put("pids", 64).put("cpus", 0.5))));
  }

  private String state(String name) {
    return controller.call(Actions.Controller.GET, new JsonObject().put("name", name)).getString("state");
  }

  /** Sends an activation as a proxy does; @return the reply and prints how long it took. */
  private JsonObject activate(String name, String what) {
    long start = System.nanoTime();
    JsonObject reply = controller.call(Names.Address.ACTIVATE, null, new JsonObject().put("function", name));
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("ScalingIT: activation %s -> ready: %.1f ms (controller: %d ms, %s)%n", what, ms,
      reply.getLong("ms"), reply.getString("activation"));
    return reply;
  }

  private List<ContainerSummary> containers(String function) {
    return await(controller.containers(function));
  }

  private String invoke(Route route) {
    RequestOptions options = new RequestOptions().setServer(SocketAddress.domainSocketAddress(route.socket()))
      .setMethod(HttpMethod.GET).setURI("/?name=scale").putHeader("Host", "localhost");
    return await(controller.http.body(options), WAIT).toString();
  }

  /** Paused through the Engine API or frozen through the freezer (pauseMode auto picks the freezer here). */
  private Future<Boolean> paused(String function) {
    DockerClient docker = controller.docker;
    return controller.containers(function).compose(list -> list.size() != 1 ? Future.succeededFuture(false)
      : docker.inspectContainer(list.get(0).id()).compose(info -> info.state().paused() ? Future.succeededFuture(true)
        : Freezers.frozen(controller.vertx, docker, info.id())));
  }

  @Test
  void anIdleInstanceIsPausedResumedOnActivationThenScaledToZeroAndStartedAgain() {
    deploy("idle", 0, 3);
    // On a busy machine the instance may be paused (1 s idle) before a poll sees its route: wait for the pause.
    controller.waitFor("the idle instance is paused", () -> paused("idle"));
    assertTrue(controller.routes("idle").isEmpty(), "no route to a paused instance");
    assertEquals("paused", state("idle"));

    JsonObject resumed = activate("idle", "paused");
    assertEquals("resumed", resumed.getString("activation"));
    assertEquals(1, controller.routes("idle").size(), "the route is back when the activation answers");
    assertEquals(resumed.getString("instance"), controller.routes("idle").get(0).instance());
    assertEquals("Hello, scale!\n", invoke(controller.routes("idle").get(0)));

    controller.waitFor("idle is scaled to zero", () -> controller.containers("idle").map(List::isEmpty));
    assertTrue(controller.routes("idle").isEmpty());
    assertEquals("scaled-to-zero", state("idle"));

    JsonObject started = activate("idle", "zero");
    assertEquals("started", started.getString("activation"));
    assertEquals(1, controller.routes("idle").size());
    assertEquals(1, containers("idle").size());
    assertEquals("Hello, scale!\n", invoke(controller.routes("idle").get(0)));
  }

  @Test
  void aRestartedControllerAdoptsAPausedInstanceAndResumesIt() {
    deploy("kept", 1, 3);
    controller.waitFor("kept is routed", () -> Future.succeededFuture(controller.routes("kept").size() == 1));
    controller.waitFor("the idle instance is paused", () -> paused("kept"));
    String container = containers("kept").get(0).id();

    // a stopping controller thaws what it froze; an instance paused through the Engine API stays paused
    controller.stop(deployment);
    await(controller.docker.pauseContainer(container));
    deployment = deployController();

    assertEquals("paused", state("kept"));
    assertEquals(List.of(container), containers("kept").stream().map(ContainerSummary::id).toList());
    assertTrue(await(paused("kept")), "still frozen");
    assertTrue(controller.routes("kept").isEmpty());
    JsonObject resumed = activate("kept", "paused, after a controller restart");
    assertEquals("resumed", resumed.getString("activation"));
    assertEquals("Hello, scale!\n", invoke(controller.routes("kept").get(0)));
  }

  @Test
  void sustainedReportedLoadScalesUpToMax() {
    deploy("busy", 1, 3);
    controller.waitFor("busy is routed", () -> Future.succeededFuture(controller.routes("busy").size() == 1));
    long[] requests = {0};
    Vertx vertx = controller.vertx;
    statsTimer = vertx.setPeriodic(500, id -> vertx.eventBus().publish(Names.Address.PROXY_STATS, new JsonObject()
      .put("node", "fake-proxy").put("functions", new JsonObject().put("busy", new JsonObject()
        .put("inFlight", 30).put("queued", 0).put("requests", requests[0] += 20)))));

    long start = System.nanoTime();
    controller.waitFor("3 instances serve busy", () -> Future.succeededFuture(controller.routes("busy").size() == 3));
    System.out.printf("ScalingIT: 1 -> 3 instances under 30 in flight (target 10): %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertEquals(3, containers("busy").size(), "max 3");
    assertEquals("ready", state("busy"));
    for (Route route : controller.routes("busy")) {
      assertEquals("Hello, scale!\n", invoke(route));
    }
  }
}
