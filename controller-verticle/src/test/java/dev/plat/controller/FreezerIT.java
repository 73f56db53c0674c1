package dev.plat.controller;

import static dev.plat.controller.ControllerOnDocker.WAIT;
import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.Actions;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerEvent;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.EventSubscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pause through the cgroup freezer ({@code pauseMode freezer}) against the real dockerd: a frozen
 * instance answers nothing until it is resumed, Docker still lists it as running, a frozen
 * instance stops and is deleted at once, and a controller restarted while an instance is frozen
 * (cleanly, or killed with it frozen) serves it again.
 */
class FreezerIT {
  @RegisterExtension
  static final ControllerOnDocker controller = new ControllerOnDocker("freezer-it");

  @TempDir
  Path dataDir;
  private String deployment;

  @BeforeEach
  void startController() {
    deployment = deployController();
  }

  /** A controller that pauses after 1 s idle through the freezer only, never scales down. */
  private String deployController() {
    PlatConfig config = controller.config(dataDir, Map.of(ConfigKey.PAUSE_AFTER_SECONDS, "1",
      ConfigKey.IDLE_TIMEOUT_SECONDS, "0", ConfigKey.PAUSE_MODE, "freezer"));
    // no pool: this test finds its containers by their function label (PoolIT covers the pool)
    return controller.start(config, ControllerOptions.from(config).setBackoff(200, 2_000).setPoolSize(0));
  }

  /** Deploys {@code name} with one instance and waits until it is frozen; @return its container. */
  private String deployFrozen(String name) {
    controller.call(Actions.Controller.DEPLOY, new JsonObject().put("upload", "/nowhere.zip")
      .put("sha256", "x").put("spec", new JsonObject().put("name", name).put("runtime", "python-flask")
        .put("scaling", new JsonObject().put("min", 1).put("max", 1))
        .put("limits", new JsonObject().put("memoryMb", 128).put("pids", 64).put("cpus", 0.5))));
    controller.waitFor(name + " has one container", () -> controller.containers(name).map(list -> list.size() == 1));
    String container = await(controller.containers(name)).get(0).id();
    controller.waitFor(name + " is frozen", () -> frozen(container));
    controller.waitFor(name + " is paused", () -> Future.succeededFuture("paused".equals(status(name).getString("state"))));
    return container;
  }

  private JsonObject status(String name) {
    return controller.call(Actions.Controller.GET, new JsonObject().put("name", name));
  }

  private Future<String> invoke(String socket) {
    return controller.http.body(request(socket)).map(Buffer::toString);
  }

  private static RequestOptions request(String socket) {
    return new RequestOptions().setServer(SocketAddress.domainSocketAddress(socket))
      .setMethod(HttpMethod.GET).setURI("/?name=frozen").putHeader("Host", "localhost");
  }

  private String socketOf(String name) {
    String instance = status(name).getJsonArray("instances").getJsonObject(0).getString("id");
    return dataDir.resolve("sockets").resolve(instance).resolve("fn.sock").toString();
  }

  private Future<Boolean> frozen(String container) {
    return Freezers.frozen(controller.vertx, controller.docker, container);
  }

  private JsonObject activate(String name) {
    return controller.call(Names.Address.ACTIVATE, null, new JsonObject().put("function", name));
  }

  @Test
  void aFrozenInstanceAnswersNothingUntilResumedAndDockerStillListsItAsRunning() {
    String container = deployFrozen("held");
    ContainerInfo info = await(controller.docker.inspectContainer(container));
    assertTrue(info.state().running() && !info.state().paused(), "Docker does not know about the freezer: " + info.state());
    assertTrue(controller.routes("held").isEmpty(), "no route to a frozen instance");

    Promise<Void> written = Promise.promise();
    Future<String> early = controller.http.body(request(socketOf("held")), written).map(Buffer::toString);
    await(written.future(), WAIT);
    assertTrue(await(frozen(container)), "still frozen once the request is in its socket");
    assertFalse(early.isComplete(), "a frozen instance answered: " + early);

    JsonObject resumed = activate("held");
    assertEquals("resumed", resumed.getString("activation"));
    assertEquals("Hello, frozen!\n", await(early, WAIT), "the request sent while frozen is answered once thawed");
    Route route = new Route(resumed.getJsonObject("route"));
    assertEquals(List.of(route), controller.routes("held"), "the reply carries the route now in the table");
    assertEquals("Hello, frozen!\n", await(invoke(route.socket()), WAIT));
    assertFalse(await(frozen(container)));
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
    EventSubscription subscription = await(controller.docker.events(
      DockerFilters.create().type("container").container(container), events::add));
    try {
      controller.call(action, new JsonObject().put("name", name));
      // a stop answers once its instances are gone, a delete before (they go after it)
      controller.waitFor(name + "'s container gone", () -> controller.containers(name).map(List::isEmpty));
      controller.waitFor(name + "'s container destroyed", () -> Future.succeededFuture(
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
    controller.stop(deployment);
    assertFalse(await(frozen(container)), "thawed when the controller stopped");
    deployment = deployController();
    controller.waitFor("kept is adopted and frozen again", () -> frozen(container));
    assertEquals("Hello, frozen!\n", await(invoke(new Route(activate("kept").getJsonObject("route")).socket()), WAIT));

    // a controller killed with its instance frozen: the next one finds it frozen and treats it as paused
    controller.stop(deployment);
    await(Freezers.freeze(controller.vertx, controller.docker, container));
    deployment = deployController();
    assertEquals("paused", status("kept").getString("state"));
    assertTrue(controller.routes("kept").isEmpty());
    JsonObject resumed = activate("kept");
    assertEquals("resumed", resumed.getString("activation"));
    assertEquals(List.of(container), await(controller.containers("kept")).stream().map(ContainerSummary::id).toList());
    assertEquals("Hello, frozen!\n", await(invoke(new Route(resumed.getJsonObject("route")).socket()), WAIT));
    assertFalse(await(frozen(container)));
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
    ContainerInfo before = await(controller.docker.inspectContainer(container));
    assertEquals(Integer.valueOf(2), before.spec().stopTimeout(), "instances are created with a short StopTimeout");

    RequestOptions stop = new RequestOptions().setServer(SocketAddress.domainSocketAddress("/var/run/docker.sock"))
      .setMethod(HttpMethod.POST).setURI("/containers/" + container + "/stop").putHeader("Host", "localhost");
    await(controller.http.body(stop), WAIT);

    ContainerInfo after = await(controller.docker.inspectContainer(container));
    assertFalse(after.state().running(), "stopped: " + after.state());
    assertEquals(137, after.state().exitCode(), "killed (SIGKILL) after the StopTimeout, the frozen process "
      + "never saw the stop signal: " + after.state());
    controller.waitFor("the controller replaces the stopped instance", () -> controller.containers("outside")
      .map(list -> list.stream().anyMatch(c -> !c.id().equals(container) && "running".equals(c.state()))));
  }
}
