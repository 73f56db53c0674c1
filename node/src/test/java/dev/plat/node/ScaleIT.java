package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.docker.ContainerSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances come and go under invocations, on a node that pauses after 1 s idle and scales down
 * after 4 s ({@code --pause-after-seconds 1 --idle-timeout-seconds 4}): a paused instance is
 * resumed by a request, a function scaled to zero is cold-started by one, a killed instance under
 * load costs no hung request and is replaced, and a redeploy under load loses no request.
 */
class ScaleIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatCli cli;
  private static PlatApi api;

  @BeforeAll
  static void startNode() throws Exception {
    docker = FunctionDocker.require();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-scale", "--pause-after-seconds", "1",
      "--idle-timeout-seconds", "4");
    cli = PlatCli.against(node, tmp.resolve("home"));
    api = new PlatApi(node.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeProcess.stopAndRemove(node, docker, FUNCTIONS);
  }

  @Test
  void an_idle_instance_is_paused_then_resumed_and_a_function_scaled_to_zero_is_cold_started() throws Exception {
    String name = fresh();
    TestFunctions.deploy(cli, node, tmp, TestFunctions.manifest(name).put("scaling", new JsonObject().put("min", 0).put("max", 1)), "v1");
    String first = onlyContainer(name).id();
    Poll.untilTrue(WAIT, "the idle instance of " + name + " to be paused", () -> docker.paused(first),
      node::output);

    long resumeMs = timedVersion(name);
    assertFalse(docker.paused(first), "the request resumed the paused container");
    assertEquals(first, onlyContainer(name).id(), "the same container served it");
    long warmMs = timedVersion(name);

    Poll.untilTrue(WAIT, name + " to be scaled to zero", () -> docker.containers(name).isEmpty()
      && "scaled-to-zero".equals(api.function(name).json().getString("state")),
      () -> docker.containers(name) + "\n" + api.function(name) + "\n" + node.output());

    long coldMs = timedVersion(name);
    String second = onlyContainer(name).id();
    assertNotEquals(first, second, "a new container served the cold start");
    assertTrue(docker.inspect(second).state().running());
    System.out.printf("latency: paused -> answered %d ms, warm %d ms, zero -> answered (cold start) %d ms%n",
      resumeMs, warmMs, coldMs);
  }

  @Test
  void a_killed_instance_under_load_costs_no_hung_request_and_is_replaced() throws Exception {
    String name = fresh();
    TestFunctions.deploy(cli, node, tmp, TestFunctions.manifest(name).put("scaling", new JsonObject().put("min", 2).put("max", 2)), "v1");
    long start = System.nanoTime();
    List<LoadLoop.Outcome> outcomes;
    String killed;
    try (LoadLoop load = LoadLoop.start(4, () -> invocation(name, "/sleep?s=0.05"))) {
      // under load, so that neither instance is paused for idleness
      Poll.untilTrue(WAIT, "2 ready instances of " + name + " serving the load",
        () -> readyContainers(name).size() == 2 && load.outcomes().size() >= 20, () -> api.function(name) + node.output());
      killed = readyContainers(name).get(0);
      docker.kill(killed);
      long killedAt = System.nanoTime();
      Poll.untilTrue(WAIT, "the killed instance of " + name + " to be replaced", () -> {
        List<String> ready = readyContainers(name);
        return ready.size() == 2 && !ready.contains(killed);
      }, node::output);
      System.out.printf("killed instance replaced (2 ready again) %d ms after the kill%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
      Poll.untilTrue(WAIT, "5 s of load", () -> System.nanoTime() - start > TimeUnit.SECONDS.toNanos(5), node::output);
      outcomes = load.stop();
    }
    String summary = LoadLoop.summary(outcomes);
    System.out.println("load around a killed instance: " + summary);
    for (LoadLoop.Outcome o : outcomes) {
      assertNotEquals(-1, o.status(), () -> "a request failed or hung: " + o + "\n" + summary);
      if (o.status() != 200) {
        assertTrue(o.status() == 502 || o.status() == 503, () -> o + "\n" + summary);
        assertNotNull(new JsonObject(o.body()).getString("code"), o::toString);
      } else {
        assertEquals("slept v1\n", o.body());
      }
    }
    assertTrue(outcomes.stream().filter(o -> o.status() == 200).count() > outcomes.size() / 2, summary);
    assertTrue(docker.find(killed).map(c -> !c.state().running()).orElse(true), "the killed container does not run");
  }

  @Test
  void a_redeploy_under_load_loses_no_request() throws Exception {
    String name = fresh();
    JsonObject manifest = TestFunctions.manifest(name);
    TestFunctions.deploy(cli, node, tmp, manifest, "v1");
    List<LoadLoop.Outcome> outcomes;
    try (LoadLoop load = LoadLoop.start(3, () -> invocation(name, "/version"))) {
      Poll.untilTrue(WAIT, "the load to be served", () -> load.outcomes().size() >= 20, node::output);
      TestFunctions.deploy(cli, node, tmp, manifest, "v2");
      Poll.untilTrue(WAIT, "v2 to be the only container of " + name, () -> docker.containers(name).stream()
        .allMatch(c -> "2".equals(c.labels().get(Names.Label.VERSION))), () -> docker.containers(name).toString());
      int served = load.outcomes().size();
      Poll.untilTrue(WAIT, "more load after the switch", () -> load.outcomes().size() >= served + 20, node::output);
      outcomes = load.stop();
    }
    String summary = LoadLoop.summary(outcomes) + ", bodies " + outcomes.stream()
      .collect(Collectors.groupingBy(o -> String.valueOf(o.body()).strip(), Collectors.counting()));
    System.out.println("load across a redeploy: " + summary);
    for (LoadLoop.Outcome o : outcomes) {
      assertEquals(200, o.status(), () -> o + "\n" + summary);
      assertTrue(o.body().equals("v1\n") || o.body().equals("v2\n"), o::toString);
    }
    assertTrue(outcomes.stream().anyMatch(o -> o.body().equals("v2\n")), summary);
    assertTrue(outcomes.stream().anyMatch(o -> o.body().equals("v1\n")), summary);
    for (int i = 0; i < 10; i++) {
      PlatApi.Response after = api.send(invocation(name, "/version"));
      assertEquals("v2\n", after.body(), "only v2 answers after the redeploy");
    }
  }

  private static HttpRequest invocation(String name, String pathAndQuery) {
    return api.http1("/function/" + name + pathAndQuery, NodeProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(20)).GET().build();
  }

  /** Calls {@code /version}, asserts 200 v1, returns how long it took. */
  private static long timedVersion(String name) {
    long start = System.nanoTime();
    PlatApi.Response response = api.send(invocation(name, "/version"));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(200, response.status(), () -> response + "\n" + node.output());
    assertEquals("v1\n", response.body());
    return millis;
  }

  /** The containers of the function's instances the controller reports ready. */
  private static List<String> readyContainers(String name) {
    JsonArray instances = api.function(name).json().getJsonArray("instances");
    return instances.stream().map(i -> (JsonObject) i).filter(i -> "ready".equals(i.getString("state")))
      .map(i -> i.getString("container")).toList();
  }

  private static ContainerSummary onlyContainer(String name) {
    List<ContainerSummary> all = docker.containers(name);
    assertEquals(1, all.size(), () -> "one container of " + name + ": " + all);
    return all.get(0);
  }

  private static String fresh() {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    return name;
  }
}
