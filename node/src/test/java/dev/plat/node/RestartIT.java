package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.docker.ContainerSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability and adoption: a node killed with SIGKILL and started again on the same data dir and
 * node id finds its registry intact and adopts the containers that kept running; a node killed
 * in the middle of a build comes back consistent and the name deploys again.
 */
class RestartIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();
  private static FunctionDocker docker;

  @TempDir
  Path tmp;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final String nodeId = "e2e-restart-" + E2eNames.fresh().substring(4);

  @BeforeAll
  static void requireDocker() {
    docker = FunctionDocker.require();
  }

  @AfterEach
  void killNodes() {
    nodes.forEach(NodeProcess::close);
  }

  @AfterAll
  static void removeFunctions() {
    if (docker != null) {
      docker.removeAll(FUNCTIONS);
      docker.close();
    }
  }

  @Test
  void a_node_killed_and_restarted_keeps_its_registry_and_adopts_the_running_container() throws Exception {
    Path data = tmp.resolve("data");
    NodeProcess first = start(data);
    String name = fresh();
    PlatCli.Result deploy = deploy(first, name);
    assertEquals(0, deploy.exit(), () -> deploy + first.output());
    JsonObject before = new PlatApi(first.url()).function(name).json();
    String container = onlyInstance(before).getString("container");

    first.kill();
    assertEquals(1, registryFile(data).getJsonArray("functions").size(), "the registry survived SIGKILL");
    assertEquals(List.of(container), ids(docker.containers(name)), "the instance outlives its node");

    NodeProcess second = start(data);
    PlatApi api = new PlatApi(second.url());
    JsonObject after = Poll.until(WAIT, name + " ready on the restarted node", () -> {
      JsonObject status = api.function(name).json();
      return "ready".equals(status.getString("state")) && status.getJsonArray("instances").size() == 1 ? status : null;
    }, second::output);
    assertEquals(before.getLong("version"), after.getLong("version"), after::encodePrettily);
    assertEquals(before.getString("image"), after.getString("image"), after::encodePrettily);
    assertEquals(container, onlyInstance(after).getString("container"), "the running container is adopted, not replaced");
    assertEquals("ready", onlyInstance(after).getString("state"), after::encodePrettily);
    List<ContainerSummary> containers = docker.containers(name);
    assertEquals(List.of(container), ids(containers), "exactly one container, the adopted one");
    assertEquals("running", containers.get(0).state());
    PlatApi.Response call = new PlatApi(second.proxyUrl()).invokeForwarded(name, "?name=again", second.clusterSecret());
    assertEquals("Hello, again!\n", call.body(), "the route is rebuilt from the adopted container: " + call);
  }

  @Test
  void a_node_killed_during_a_build_restarts_consistent_and_the_name_deploys_again() throws Exception {
    Path data = tmp.resolve("data");
    NodeProcess first = start(data);
    String name = fresh();
    PlatApi api = new PlatApi(first.url());
    PlatApi.Response accepted = api.deploy(name, "python-flask", TestZips.pythonFunction(), NodeProcess.ADMIN_TOKEN);
    assertEquals(202, accepted.status(), accepted::toString);
    String firstLine = firstBuildLogLine(api, accepted.json().getString("buildId"));
    first.kill();
    assertTrue(firstLine != null && !firstLine.isBlank(), "the build log showed a line before the kill: " + firstLine);

    JsonObject registry = registryFile(data);
    NodeProcess second = start(data);
    PlatApi api2 = new PlatApi(second.url());
    String outcome = Poll.until(WAIT, "the restarted node to settle " + name, () -> settled(api2, name), second::output);
    System.out.println("kill during build: registry before restart " + registry.encode() + "; after restart " + outcome);

    PlatCli.Result again = deploy(second, name);
    assertEquals(0, again.exit(), () -> again + second.output());
    JsonObject status = api2.function(name).json();
    assertEquals("ready", status.getString("state"), status::encodePrettily);
    assertEquals(List.of(onlyInstance(status).getString("container")), ids(docker.containers(name)),
      "one container, the registered instance's: " + docker.containers(name));
  }

  /**
   * Null while the function is still changing; else how it settled: "absent" (404 and no container)
   * or "ready vN" with exactly the registered instances' containers running. Fails on anything else
   * that stays (an orphan container, a corrupt entry).
   */
  private static String settled(PlatApi api, String name) {
    PlatApi.Response get = api.function(name);
    Set<String> containers = new TreeSet<>(ids(docker.containers(name)));
    if (get.status() == 404) {
      return containers.isEmpty() ? "absent" : null;
    }
    assertEquals(200, get.status(), get::toString);
    JsonObject status = get.json();
    Set<String> instances = new TreeSet<>();
    status.getJsonArray("instances").forEach(i -> instances.add(((JsonObject) i).getString("container")));
    boolean ready = "ready".equals(status.getString("state")) && instances.equals(containers);
    return ready ? "ready v" + status.getLong("version") : null;
  }

  /** Reads the build's log stream until its first line. */
  private static String firstBuildLogLine(PlatApi api, String buildId) throws IOException {
    HttpResponse<InputStream> log = api.stream("/api/builds/" + buildId + "/logs");
    assertEquals(200, log.statusCode(), "build log stream");
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(log.body(), StandardCharsets.UTF_8))) {
      return reader.readLine();
    }
  }

  /** The registry file as JSON: present and parseable, never half-written. */
  private static JsonObject registryFile(Path data) throws IOException {
    Path file = data.resolve("registry/functions.json");
    if (!Files.exists(file)) {
      return new JsonObject().put("functions", new JsonArray());
    }
    String text = Files.readString(file);
    try {
      JsonObject json = new JsonObject(text);
      assertTrue(json.getValue("functions") instanceof JsonArray, text);
      return json;
    } catch (RuntimeException e) {
      throw new AssertionError("the registry file is corrupt:\n" + text, e);
    }
  }

  private NodeProcess start(Path data) throws IOException {
    NodeProcess node = NodeProcess.start(data, nodeId);
    nodes.add(node);
    node.awaitHealthy();
    return node;
  }

  private PlatCli.Result deploy(NodeProcess node, String name) throws IOException {
    Path dir = tmp.resolve(name);
    PlatCli cli = PlatCli.against(node, tmp.resolve("home"));
    if (!Files.exists(dir)) {
      PlatCli.Result init = cli.run(tmp, "init", "--runtime", "python-flask", name);
      assertEquals(0, init.exit(), init::toString);
    }
    return cli.run(dir, "deploy");
  }

  private static JsonObject onlyInstance(JsonObject status) {
    JsonArray instances = status.getJsonArray("instances");
    assertEquals(1, instances.size(), status::encodePrettily);
    return instances.getJsonObject(0);
  }

  private static List<String> ids(List<ContainerSummary> containers) {
    return containers.stream().map(ContainerSummary::id).toList();
  }

  private static String fresh() {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    return name;
  }
}
