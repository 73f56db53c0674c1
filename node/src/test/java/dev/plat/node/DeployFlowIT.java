package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's flow end to end, from the CLI to real containers: a node JVM, dockerd and the
 * registry; {@code plat init}, {@code deploy}, {@code ls}, {@code get}, {@code logs}, a redeploy
 * and {@code rm}, with the instance's container checked under {@code docker inspect}.
 */
class DeployFlowIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatCli cli;
  private static PlatApi api;
  private static PlatApi proxy;

  @BeforeAll
  static void startNode() throws Exception {
    docker = FunctionDocker.require();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-flow");
    cli = PlatCli.against(node, tmp.resolve("home"));
    api = new PlatApi(node.url());
    proxy = new PlatApi(node.proxyUrl());
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeProcess.stopAndRemove(node, docker, FUNCTIONS);
  }

  @Test
  void a_python_function_goes_from_init_to_deploy_ls_get_logs_redeploy_and_rm() throws Exception {
    String name = fresh();
    PlatCli.Result init = cli.run(tmp, "init", "--runtime", "python-flask", name);
    assertEquals(0, init.exit(), init::toString);
    Path dir = tmp.resolve(name);
    assertTrue(Files.isRegularFile(dir.resolve("handler.py")) && Files.isRegularFile(dir.resolve("plat.json")), init::toString);

    PlatCli.Result deploy = cli.run(dir, "deploy");
    assertEquals(0, deploy.exit(), () -> deploy + node.output());
    assertTrue(deploy.out().contains(name + " v1") && deploy.out().contains(node.url() + "/function/" + name), deploy::toString);
    assertTrue(deploy.err().contains("Successfully built"), "the build log is streamed to stderr:\n" + deploy);

    PlatCli.Result ls = cli.run(tmp, "ls");
    assertEquals(0, ls.exit(), ls::toString);
    assertTrue(ls.out().lines().anyMatch(l -> l.startsWith(name + " ") && l.contains(" v1 ") && l.contains(" ready ")), ls::toString);

    PlatCli.Result get = cli.run(tmp, "get", name);
    assertEquals(0, get.exit(), get::toString);
    assertTrue(Pattern.compile("(?m)^Version:\\s+v1$").matcher(get.out()).find(), get::toString);
    assertTrue(Pattern.compile("(?m)^State:\\s+ready$").matcher(get.out()).find(), get::toString);

    Poll.until(WAIT, "gunicorn's start line in plat logs", () -> {
      PlatCli.Result logs = cli.run(tmp, "logs", "--tail", "50", name);
      assertEquals(0, logs.exit(), logs::toString);
      return logs.out().contains("Starting gunicorn") ? logs : null;
    }, node::output);

    ContainerSummary v1 = onlyContainer(name);
    assertEquals("1", v1.labels().get(Names.Label.VERSION));
    assertHardened(docker.inspect(v1.id()), name, "1");
    assertEquals("Hello, e2e!\n", invoke(name).body(), "the route serves v1");

    // a redeploy of changed code: v2 replaces v1
    Path handler = dir.resolve("handler.py");
    Files.writeString(handler, Files.readString(handler).replace("Hello", "Hi"));
    PlatCli.Result redeploy = cli.run(dir, "deploy");
    assertEquals(0, redeploy.exit(), () -> redeploy + node.output());
    assertTrue(redeploy.out().contains(name + " v2"), redeploy::toString);
    Poll.untilTrue(WAIT, "v2 to be the only container of " + name, () -> {
      List<ContainerSummary> all = docker.containers(name);
      return all.size() == 1 && "2".equals(all.get(0).labels().get(Names.Label.VERSION)) && "running".equals(all.get(0).state());
    }, () -> docker.containers(name).toString());
    assertTrue(docker.find(v1.id()).isEmpty(), "the v1 container is gone");
    ContainerSummary v2 = onlyContainer(name);
    assertHardened(docker.inspect(v2.id()), name, "2");
    JsonObject status = api.function(name).json();
    assertEquals(2, status.getLong("version"), status::encodePrettily);
    JsonArray instances = status.getJsonArray("instances");
    assertEquals(1, instances.size(), status::encodePrettily);
    assertEquals(2, instances.getJsonObject(0).getLong("version"), status::encodePrettily);
    assertEquals("Hi, e2e!\n", invoke(name).body(), "the route serves v2");

    PlatApi.Response unknown = invoke(fresh());
    PlatCli.Result rm = cli.run(tmp, "rm", name);
    assertEquals(0, rm.exit(), rm::toString);
    Poll.untilTrue(WAIT, "the containers of " + name + " to be removed", () -> docker.containers(name).isEmpty(),
      () -> docker.containers(name).toString());
    PlatApi.Response gone = api.function(name);
    assertEquals(404, gone.status(), gone::toString);
    assertEquals("function_not_found", gone.code());
    assertFalse(Files.readString(node.dataDir().resolve("registry/functions.json")).contains("\"" + name + "\""),
      "the registry file no longer holds " + name);
    PlatApi.Response after = invoke(name);
    assertEquals(unknown.status(), after.status(), () -> "no route is left: " + after + " vs unknown " + unknown);
    assertEquals(unknown.code(), after.code(), after::toString);
    PlatCli.Result getAfter = cli.run(tmp, "get", name);
    assertEquals(1, getAfter.exit(), getAfter::toString);
    assertTrue(getAfter.err().contains("function_not_found"), getAfter::toString);
  }

  @Test
  void a_node_function_from_init_is_deployed_ready_and_served() throws Exception {
    String name = fresh();
    PlatCli.Result init = cli.run(tmp, "init", "--runtime", "node", name);
    assertEquals(0, init.exit(), init::toString);
    assertTrue(Files.isRegularFile(tmp.resolve(name).resolve("handler.js")), init::toString);

    PlatCli.Result deploy = cli.run(tmp.resolve(name), "deploy");
    assertEquals(0, deploy.exit(), () -> deploy + node.output());
    JsonObject status = api.function(name).json();
    assertEquals("ready", status.getString("state"), status::encodePrettily);
    assertEquals("node", status.getString("runtime"));
    assertEquals("Hello, e2e!\n", invoke(name).body());
    assertHardened(docker.inspect(onlyContainer(name).id()), name, "1");

    assertEquals(0, cli.run(tmp, "rm", name).exit());
    Poll.untilTrue(WAIT, "the containers of " + name + " to be removed", () -> docker.containers(name).isEmpty(),
      () -> docker.containers(name).toString());
  }

  @Test
  void deploy_watch_deploys_again_on_a_saved_change_until_interrupted() throws Exception {
    String name = fresh();
    assertEquals(0, cli.run(tmp, "init", "--runtime", "python-flask", name).exit());
    Path dir = tmp.resolve(name);
    java.util.concurrent.atomic.AtomicReference<PlatCli.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
    Thread watching = new Thread(() -> result.set(cli.run(dir, "deploy", "--watch")), "plat-deploy-watch");
    watching.start();
    try {
      Poll.untilTrue(Duration.ofSeconds(90), name + " v1 answering", () -> invoke(name).body().contains("Hello"),
        node::output);

      Path handler = dir.resolve("handler.py");
      Files.writeString(handler, Files.readString(handler).replace("Hello", "Saved"));
      Poll.untilTrue(Duration.ofSeconds(90), name + " v2 answering after the save",
        () -> invoke(name).body().contains("Saved"), node::output);
      assertEquals(2, api.function(name).json().getLong("version"), "one deploy for the one save");
    } finally {
      watching.interrupt();  // Ctrl-C's stand-in: the watch ends when its thread is interrupted
      watching.join(60_000);
    }
    assertFalse(watching.isAlive(), "the watch ended on the interrupt");
    PlatCli.Result watched = result.get();
    assertEquals(0, watched.exit(), watched::toString);
    // printed before the server could serve v2; "v2 ready" is not: the interrupt may come while the
    // CLI still waits to see it ready (a clean-clone run interrupted it there)
    assertTrue(watched.err().contains("Deploying (handler.py)") && watched.err().contains("Building " + name + " v2"),
      watched::toString);
  }

  private static String fresh() {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    return name;
  }

  private static PlatApi.Response invoke(String name) {
    return proxy.invokeForwarded(name, "?name=e2e", node.clusterSecret());
  }

  private static ContainerSummary onlyContainer(String name) {
    List<ContainerSummary> all = docker.containers(name);
    assertEquals(1, all.size(), () -> "one container of " + name + ": " + all);
    return all.get(0);
  }

  /** The hardening of design §3, as dockerd reports it. */
  private static void assertHardened(ContainerInfo info, String name, String version) {
    JsonObject raw = info.raw();
    JsonObject config = raw.getJsonObject("Config");
    JsonObject host = raw.getJsonObject("HostConfig");
    String all = raw.encodePrettily();
    JsonObject labels = config.getJsonObject("Labels");
    // a pool container specialized for the function: function and version from its assignment file
    java.util.Map<String, String> fn = docker.containers(name).stream().filter(c -> c.id().equals(raw.getString("Id")))
      .findFirst().map(ContainerSummary::labels).orElse(java.util.Map.of());
    assertEquals(name, fn.get(Names.Label.FUNCTION), all);
    assertEquals(version, fn.get(Names.Label.VERSION), all);
    assertFalse(labels.getString(Names.Label.INSTANCE, "").isBlank(), all);
    assertEquals(node.nodeId(), labels.getString(Names.Label.NODE), all);
    assertTrue(info.state().running(), all);
    assertEquals(Boolean.TRUE, host.getBoolean("ReadonlyRootfs"), all);
    assertTrue(host.getJsonObject("Tmpfs", new JsonObject()).containsKey("/tmp"), all);
    assertTrue(host.getJsonArray("CapDrop", new JsonArray()).contains("ALL"), all);
    assertTrue(host.getJsonArray("SecurityOpt", new JsonArray()).stream()
      .anyMatch(o -> String.valueOf(o).startsWith("no-new-privileges")), all);
    assertTrue(host.getLong("Memory", 0L) > 0, all);
    assertTrue(host.getLong("PidsLimit", 0L) > 0, all);
    assertTrue(host.getLong("NanoCpus", 0L) > 0 || host.getLong("CpuQuota", 0L) > 0, all);
    String user = config.getString("User");
    assertTrue("10001:10001".equals(user) || "10001".equals(user), all);
    assertEquals("none", host.getString("NetworkMode"), all);
    JsonObject bindings = host.getJsonObject("PortBindings");
    assertTrue(bindings == null || bindings.isEmpty(), all);
    assertNotEquals(Boolean.TRUE, host.getBoolean("PublishAllPorts"), all);
    JsonObject ports = raw.getJsonObject("NetworkSettings", new JsonObject()).getJsonObject("Ports");
    assertTrue(ports == null || ports.isEmpty(), all);
    Path sockets = node.dataDir().resolve("sockets");
    assertTrue(raw.getJsonArray("Mounts").stream().map(m -> (JsonObject) m).anyMatch(m -> "bind".equals(m.getString("Type"))
      && "/run/plat".equals(m.getString("Destination")) && Path.of(m.getString("Source")).startsWith(sockets)), all);
  }
}
