package dev.plat.controller;

import static dev.plat.controller.ControllerOnDocker.WAIT;
import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.DockerTestSupport;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller against the real dockerd: a python-flask function image built from
 * {@code runtimes/python-flask} and its template, deployed through the controller's bus API with
 * a stand-in builder that answers with that image ({@link ControllerOnDocker}).
 */
class ControllerIT {
  @RegisterExtension
  static final ControllerOnDocker controller = new ControllerOnDocker("controller-it");

  @TempDir
  Path dataDir;
  private final List<JsonObject> status = new CopyOnWriteArrayList<>();

  @BeforeEach
  void recordStatus() {
    controller.vertx.eventBus().<JsonObject>consumer(Names.Address.STATUS, m -> status.add(m.body()));
  }

  private String startController() {
    PlatConfig config = controller.config(dataDir, Map.of());
    return controller.start(config, new ControllerOptions().setBackoff(200, 2_000).setStopTimeoutSeconds(2));
  }

  private JsonObject deploy(String name) {
    return controller.call(Actions.Controller.DEPLOY, new JsonObject().put("upload", "/nowhere.zip").put("sha256", "x")
      .put("spec", new JsonObject().put("name", name).put("runtime", "python-flask")
        .put("limits", new JsonObject().put("memoryMb", 128).put("pids", 64).put("cpus", 0.5))));
  }

  private void waitUntil(String what, BooleanSupplier condition) {
    controller.waitFor(what, () -> Future.succeededFuture(condition.getAsBoolean()));
  }

  private List<ContainerSummary> containers(String function) {
    return await(controller.containers(function));
  }

  private String invoke(Route route, String query) {
    RequestOptions options = new RequestOptions().setServer(SocketAddress.domainSocketAddress(route.socket()))
      .setMethod(HttpMethod.GET).setHost("localhost").setURI("/" + query).putHeader("Host", "localhost");
    return await(controller.http.body(options), WAIT).toString();
  }

  private JsonObject registryFile() throws IOException {
    return new JsonObject(Files.readString(dataDir.resolve("registry/functions.json")));
  }

  @Test
  void runsAHardenedInstanceThatAnswersOverItsSocketAndRestartsItAfterAKill() throws IOException {
    startController();
    JsonObject reply = deploy("hello");
    assertEquals(1L, reply.getLong("version"));

    waitUntil("hello is routed", () -> controller.routes("hello").size() == 1);
    Route route = controller.routes("hello").get(0);
    assertEquals("Hello, it!\n", invoke(route, "?name=it"));
    JsonObject got = controller.call(Actions.Controller.GET, new JsonObject().put("name", "hello"));
    assertEquals("ready", got.getString("state"));
    assertEquals(controller.image, got.getString("image"));
    assertEquals(1, registryFile().getJsonArray("functions").size());

    List<ContainerSummary> list = containers("hello");
    assertEquals(1, list.size());
    ContainerInfo info = await(controller.docker.inspectContainer(list.get(0).id()));
    assertEquals("plat-hello-" + route.instance(), info.name());
    Map<String, String> labels = info.labels();
    assertEquals("hello", labels.get(Names.Label.FUNCTION));
    assertEquals("1", labels.get(Names.Label.VERSION));
    assertEquals(route.instance(), labels.get(Names.Label.INSTANCE));
    assertEquals(controller.node, labels.get(Names.Label.NODE));
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

    await(controller.docker.killContainer(list.get(0).id(), "SIGKILL"));

    waitUntil("a new instance replaces the killed one", () -> controller.routes("hello").size() == 1
      && !controller.routes("hello").get(0).instance().equals(route.instance()));
    assertTrue(status.stream().anyMatch(e -> "instance".equals(e.getString("type"))
      && "crashed".equals(e.getString("state")) && route.instance().equals(e.getString("instance"))), status.toString());
    assertEquals("Hello, again!\n", invoke(controller.routes("hello").get(0), "?name=again"));
    controller.waitFor("the killed container is removed",
      () -> controller.containers("hello").map(left -> left.size() == 1));
  }

  @Test
  void aSecondControllerAdoptsTheRunningInstanceAndRemovesAnOrphan() {
    String first = startController();
    deploy("hello");
    waitUntil("hello is routed", () -> controller.routes("hello").size() == 1);
    Route route = controller.routes("hello").get(0);
    String container = containers("hello").get(0).id();
    String orphan = await(controller.docker.createContainer(ContainerSpec.builder(controller.image)
      .networkMode("none")
      .labels(DockerTestSupport.testLabels(controller.runId)).label(Names.Label.FUNCTION, "ghost")
      .label(Names.Label.INSTANCE, "ghost1").label(Names.Label.NODE, controller.node).label(Names.Label.VERSION, "1")
      .cmd("python3", "-c", "import time; time.sleep(600)").build()));
    await(controller.docker.startContainer(orphan));

    controller.stop(first);
    await(controller.routes.remove("hello", route.instance()));
    startController();

    assertThrows(DockerNotFoundException.class, () -> await(controller.docker.inspectContainer(orphan)));
    waitUntil("the adopted instance is routed again", () -> controller.routes("hello").size() == 1);
    assertEquals(route, controller.routes("hello").get(0));
    List<ContainerSummary> list = containers("hello");
    assertEquals(1, list.size(), "no duplicate instance");
    assertEquals(container, list.get(0).id());
    assertEquals("Hello, adopted!\n", invoke(route, "?name=adopted"));
  }

  @Test
  void stopStartAndDeleteManageContainersRoutesAndTheRegistry() throws IOException {
    startController();
    deploy("hello");
    waitUntil("hello is routed", () -> controller.routes("hello").size() == 1);
    String socketFolder = Path.of(controller.routes("hello").get(0).socket()).getParent().toString();

    JsonObject stopped = controller.call(Actions.Controller.STOP, new JsonObject().put("name", "hello"));
    assertEquals("stopped", stopped.getString("state"));
    assertTrue(containers("hello").isEmpty());
    assertTrue(controller.routes("hello").isEmpty());
    assertFalse(Files.exists(Path.of(socketFolder)), "the socket folder is removed");
    assertEquals("stopped", registryFile().getJsonArray("functions").getJsonObject(0).getString("desired"));

    JsonObject started = controller.call(Actions.Controller.START, new JsonObject().put("name", "hello"));
    assertEquals("ready", started.getString("state"));
    assertEquals(1, controller.routes("hello").size());
    assertEquals(1, containers("hello").size());

    JsonObject deleted = controller.call(Actions.Controller.DELETE, new JsonObject().put("name", "hello"));
    assertEquals(new JsonObject().put("name", "hello").put("deleted", true), deleted);
    assertTrue(controller.routes("hello").isEmpty(), "no route by the answer");
    controller.waitFor("the containers to be removed after the answer",
      () -> controller.containers("hello").map(List::isEmpty));
    assertTrue(registryFile().getJsonArray("functions").isEmpty());
    PlatError missing = assertThrows(PlatError.class,
      () -> controller.call(Actions.Controller.GET, new JsonObject().put("name", "hello")));
    assertEquals(404, missing.status());
    assertEquals("function_not_found", missing.code());
    assertNotEquals(0, status.stream().filter(e -> "deleted".equals(e.getString("state"))).count());
  }
}
