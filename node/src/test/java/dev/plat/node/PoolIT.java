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
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool of pre-started runtime containers (poolSize 1, the default; both runtimes say
 * {@code "pool": true} in their runtime.json): a function scaled to zero is cold-started by
 * specializing its runtime's pool container (its code, vendored dependencies, env and limits
 * applied; the env before the code loads), the pool refills, a restarted node adopts the
 * specialized container, and a delete leaves nothing behind.
 */
class PoolIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  /** Reads GREETING when the module loads: a pool container must apply the env before it loads the code. */
  private static final String PYTHON_HANDLER = """
    import os

    GREETING = os.environ.get("GREETING", "-")


    def handle(req):
        return "greeting=" + GREETING + " function=" + os.environ.get("PLAT_FUNCTION", "-") + "\\n"
    """;
  /** The same in node, the text from a vendored module (function/node_modules). */
  private static final String NODE_HANDLER = """
    const greet = require('greet');
    const GREETING = process.env.GREETING || '-';

    exports.handle = async () => greet(GREETING) + ' function=' + (process.env.PLAT_FUNCTION || '-') + '\\n';
    """;
  private static final String NODE_MODULE = "module.exports = (g) => 'greeting=' + g;\n";

  @TempDir
  Path tmp;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final String nodeId = "e2e-pool-" + E2eNames.fresh().substring(4);
  private FunctionDocker docker;
  private String name;
  private String runtime;

  @BeforeEach
  void requireDocker() {
    docker = FunctionDocker.require();
  }

  @AfterEach
  void cleanup() {
    nodes.forEach(NodeProcess::close);
    if (name != null) {
      docker.removeAll(List.of(name));
    }
    docker.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"python-flask", "node"})
  void a_cold_start_specializes_a_pool_container_which_is_refilled_adopted_after_a_restart_and_removed_on_delete(
      String runtime) throws Exception {
    this.runtime = runtime;
    Path data = tmp.resolve("data");
    NodeProcess first = start(data, "--pause-after-seconds", "0", "--idle-timeout-seconds", "6");
    name = E2eNames.fresh();
    deploy(first);
    String handler = runtime.equals("node") ? "handler.js" : "handler.py";
    PlatApi api = new PlatApi(first.url());
    Path code = data.resolve("code").resolve(name).resolve("1");
    String member = Poll.until(WAIT, name + " scaled to zero, its code exported and a pool container ready", () -> {
      JsonObject status = api.function(name).json();
      boolean zero = "scaled-to-zero".equals(status.getString("state")) && status.getJsonArray("instances").isEmpty();
      List<ContainerSummary> free = unassigned();
      return zero && Files.isRegularFile(code.resolve("function").resolve(handler)) && free.size() == 1
        && "running".equals(free.get(0).state()) ? free.get(0).id() : null;
    }, first::output);

    PlatApi.Response call = api.get("/function/" + name + "/", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, call.status(), () -> call + "\n" + first.output());
    assertEquals("greeting=from the pool function=" + name + "\n", call.body(), "the function's code and env");
    JsonObject instance = onlyInstance(api.function(name).json());
    assertEquals(member, instance.getString("container"), "the cold start took the pool's container");
    ContainerInfo info = docker.inspect(member);
    JsonObject labels = info.raw().getJsonObject("Config").getJsonObject("Labels");
    assertEquals(runtime, labels.getString(Names.Label.POOL), info.raw()::encodePrettily);
    assertEquals("/plat-" + name + "-" + instance.getString("id"), info.raw().getString("Name"));
    assertEquals(192L * 1024 * 1024, info.raw().getJsonObject("HostConfig").getLong("Memory"), "the function's limits");
    JsonObject assignment = new JsonObject(Files.readString(
      data.resolve("sockets").resolve(instance.getString("id") + ".code").resolve("function.json")));
    assertEquals(name, assignment.getString("function"), assignment::encode);
    String refill = Poll.until(WAIT, "the pool refilled", () -> {
      List<ContainerSummary> free = unassigned();
      return free.size() == 1 && !free.get(0).id().equals(member) ? free.get(0).id() : null;
    }, first::output);
    assertEquals(member, onlyInstance(api.function(name).json()).getString("container"), "still serving");
    first.kill();

    NodeProcess second = start(data);
    PlatApi api2 = new PlatApi(second.url());
    JsonObject after = Poll.until(WAIT, name + " ready on the restarted node", () -> {
      JsonObject status = api2.function(name).json();
      return "ready".equals(status.getString("state")) && status.getJsonArray("instances").size() == 1 ? status : null;
    }, second::output);
    assertEquals(member, onlyInstance(after).getString("container"), "the specialized container is adopted");
    assertEquals(List.of(member), docker.containers(name).stream().map(ContainerSummary::id).toList(),
      "exactly one container, the adopted one");
    PlatApi.Response again = api2.get("/function/" + name + "/", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, again.status(), () -> again + "\n" + second.output());
    assertEquals("greeting=from the pool function=" + name + "\n", again.body());
    Poll.untilTrue(WAIT, "the restarted node's own pool container (the old unassigned one replaced)", () -> {
      List<ContainerSummary> free = unassigned();
      return free.size() == 1 && !free.get(0).id().equals(refill) && "running".equals(free.get(0).state());
    }, second::output);

    PlatApi.Response deleted = api2.send(api2.request("/api/functions/" + name, NodeProcess.ADMIN_TOKEN)
      .DELETE().build());
    assertEquals(200, deleted.status(), deleted::toString);
    // the answer comes once the function is gone from the registry; its instances and code go after
    Poll.untilTrue(WAIT, "the specialized container and the exported code to be removed", () -> docker.find(member).isEmpty()
      && docker.containers(name).isEmpty() && !Files.exists(data.resolve("code").resolve(name)),
      () -> "containers left: " + docker.containers(name) + "\n" + second.output());
    assertFalse(Files.exists(data.resolve("sockets").resolve(onlyInstance(after).getString("id") + ".code")),
      "the code folder is removed");
    assertEquals(1, unassigned().size(), "the pool itself stays");
    assertNotEquals(member, unassigned().get(0).id());
  }

  /**
   * A code-only redeploy (watch mode's case): the new version's code is read from its build context
   * (the builder runs here) while the image is pushed (and the pool's container specialized with it then, when that is done before
   * the push); once the build is done that container is v2's instance, the old version serving until then.
   */
  @org.junit.jupiter.api.Test
  void a_code_only_redeploy_specializes_a_pool_container_with_the_code_read_while_the_image_was_pushed() throws Exception {
    this.runtime = "python-flask";
    Path data = tmp.resolve("data");
    NodeProcess node = start(data);
    name = E2eNames.fresh();
    deploy(node);
    PlatApi api = new PlatApi(node.url());
    String member = Poll.until(WAIT, "v1 ready and the pool refilled", () -> {
      JsonObject status = api.function(name).json();
      List<ContainerSummary> free = unassigned();
      return "ready".equals(status.getString("state")) && free.size() == 1 && "running".equals(free.get(0).state())
        ? free.get(0).id() : null;
    }, node::output);
    Path dir = tmp.resolve(name);
    Files.writeString(dir.resolve("handler.py"), PYTHON_HANDLER.replace("\"greeting=\"", "\"v2 greeting=\""));
    PlatCli.Result redeploy = PlatCli.against(node, tmp.resolve("home")).run(dir, "deploy");
    assertEquals(0, redeploy.exit(), () -> redeploy + "\n" + node.output());

    PlatApi.Response call = api.get("/function/" + name + "/", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, call.status(), () -> call + "\n" + node.output());
    assertEquals("v2 greeting=from the pool function=" + name + "\n", call.body(), "v2's code and env");
    JsonObject instance = onlyInstance(Poll.until(WAIT, "v1's instance gone", () -> {
      JsonObject status = api.function(name).json();
      return status.getJsonArray("instances").size() == 1 ? status : null;
    }, node::output));
    assertEquals(2, instance.getLong("version"), instance::encode);
    assertEquals(member, instance.getString("container"), "v2's instance is the pool's container");
    // the builder runs on this node: the code comes from the build context, no export container
    assertTrue(node.output().contains("pool: the code of " + name + " v2 was read while its image was pushed"
      + " (from its build context)"), node::output);
    // specialized while the image was pushed when the copy was read before the push ended, else at
    // the registration (PoolTest covers both orders)
    assertTrue(node.output().contains("was specialized as " + name + " v2 while its image was pushed")
      || node.output().contains("specialized as " + name + " in "), node::output);
    assertTrue(Files.isRegularFile(data.resolve("code").resolve(name).resolve("2").resolve("function").resolve("handler.py")));
    assertFalse(Files.exists(data.resolve("code").resolve(name).resolve("1")), "v1's export is removed");
  }

  private void deploy(NodeProcess node) throws Exception {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    JsonObject manifest = TestFunctions.manifest(name).put("runtime", runtime)
      .put("env", new JsonObject().put("GREETING", "from the pool"))
      .put("limits", new JsonObject().put("memoryMb", 192))
      .put("scaling", new JsonObject().put("min", 0).put("max", 1));
    Files.writeString(dir.resolve("plat.json"), manifest.encodePrettily());
    if (runtime.equals("node")) {
      Files.writeString(dir.resolve("handler.js"), NODE_HANDLER);
      Path module = Files.createDirectories(dir.resolve("node_modules").resolve("greet"));
      Files.writeString(module.resolve("index.js"), NODE_MODULE);
    } else {
      Files.writeString(dir.resolve("handler.py"), PYTHON_HANDLER);
    }
    PlatCli.Result result = PlatCli.against(node, tmp.resolve("home")).run(dir, "deploy");
    assertEquals(0, result.exit(), () -> result + "\n" + node.output());
  }

  /** This node's pool containers of the runtime under test that serve no function yet. */
  private List<ContainerSummary> unassigned() {
    return docker.pool(nodeId).stream().filter(c -> c.names().stream().anyMatch(n -> n.startsWith("/plat-pool-")))
      .filter(c -> runtime.equals(c.labels().get(Names.Label.POOL))).toList();
  }

  private NodeProcess start(Path data, String... flags) throws Exception {
    NodeProcess node = NodeProcess.start(data, nodeId, flags);
    nodes.add(node);
    node.awaitHealthy();
    return node;
  }

  private static JsonObject onlyInstance(JsonObject status) {
    JsonArray instances = status.getJsonArray("instances");
    assertEquals(1, instances.size(), status::encodePrettily);
    return instances.getJsonObject(0);
  }
}
