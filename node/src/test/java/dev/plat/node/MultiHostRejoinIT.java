package dev.plat.node;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.docker.ContainerSummary;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole-cluster restart where the nodes come back one after the other ({@link MultiHostCluster}):
 * three nodes run a function with {@code scaling.min} 3, one instance per engine; all three are
 * killed (their engines keep the containers running); A starts, B joins it (A leads from then on,
 * a quorum of two, and reconciles while B may not have announced itself yet), then, once the
 * function serves again, C joins. The instances that still ran on B's and C's engines are adopted
 * (the same containers, checked through each engine's API), not removed; the function serves
 * throughout from the gateways that are up, and ends with one instance per engine, no more.
 */
class MultiHostRejoinIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String FN = "rejoin";
  private static final int INSTANCES = 3;
  @TempDir
  static Path root;
  private static MultiHostCluster hosts;

  @BeforeAll
  static void startThreeNodes() throws Exception {
    // no runtime pool: an instance is then always a container labelled with its function
    hosts = MultiHostCluster.start(root, "--pool-size", "0");
  }

  @AfterAll
  static void stop() {
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void nodesThatRejoinAfterTheLeaderReconciledKeepTheirInstances() throws Exception {
    PlatApi a = new PlatApi(hosts.node(0).url());
    PlatApi.Response deployed = a.deploy(FN, "python-flask", TestZips.pythonFunction(), NodeProcess.ADMIN_TOKEN,
      new JsonObject().put("scaling", new JsonObject().put("min", INSTANCES).put("max", INSTANCES)));
    assertTrue(deployed.status() == 200 || deployed.status() == 202, deployed.toString());
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      int node = i;
      Poll.untilTrue(WAIT, "a running instance of " + FN + " on engine " + i, () -> running(node).size() == 1,
        () -> hosts.node(0).output());
    }
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      int node = i;
      Poll.untilTrue(WAIT, "node " + i + "'s gateway to serve " + FN,
        () -> hosts.get(node, "/function/" + FN).statusCode() == 200, () -> hosts.node(node).output());
    }
    Map<Integer, String> before = new TreeMap<>();
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      before.put(i, running(i).get(0).id());
    }

    // every node killed: the engines keep running the containers
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      hosts.node(i).kill();
    }
    // A, then B (A leads from then on and reconciles, perhaps before B announced itself)
    hosts.restart(root, 0, List.of());
    String first = Poll.until(WAIT, "A's cluster port", () -> hosts.node(0).ports().getInteger("cluster") == null ? null
      : hosts.clusterAddress(0), () -> hosts.node(0).output());
    hosts.restart(root, 1, List.of(first)).awaitHealthy();
    hosts.node(0).awaitHealthy();
    a = new PlatApi(hosts.node(0).url());
    PlatApi viaA = a;
    viaA.awaitServing(FN, WAIT, () -> viaA.function(FN).body() + "\n" + everyOutput());
    Poll.untilTrue(WAIT, "B's gateway to serve " + FN, () -> hosts.get(1, "/function/" + FN).statusCode() == 200,
      () -> hosts.node(1).output());
    assertTrue(alive(1, before.get(1)), "B's instance removed once A led: " + viaA.function(FN).body()
      + "\n" + everyOutput());

    // then C, after the leader reconciled, under load through A and B
    try (LoadLoop load = LoadLoop.start(2, () -> HttpRequest.newBuilder(URI.create(hosts.node(0).url() + "/function/" + FN))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + NodeProcess.ADMIN_TOKEN).GET().build());
         LoadLoop loadB = LoadLoop.start(2, () -> HttpRequest.newBuilder(URI.create(hosts.node(1).url() + "/function/"
           + FN)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + NodeProcess.ADMIN_TOKEN).GET()
           .build())) {
      hosts.restart(root, 2, List.of(first)).awaitHealthy();
      // one instance per engine in the end: those of B and C the very containers that ran before the restart
      Poll.untilTrue(WAIT, "one instance of " + FN + " per engine, no more", () -> {
        JsonObject status = viaA.function(FN).json();
        List<String> nodes = new ArrayList<>();
        status.getJsonArray("instances").forEach(o -> {
          JsonObject instance = (JsonObject) o;
          if ("ready".equals(instance.getString("state")) || "paused".equals(instance.getString("state"))) {
            nodes.add(instance.getString("node"));
          }
        });
        return status.getJsonArray("instances").size() == INSTANCES
          && nodes.stream().distinct().count() == INSTANCES
          && running(0).size() == 1 && running(1).size() == 1 && running(2).size() == 1;
      }, () -> viaA.function(FN).body() + "\n" + everyOutput());
      for (int i = 1; i < MultiHostCluster.SIZE; i++) {
        assertEquals(before.get(i), running(i).get(0).id(), "engine " + i + "'s instance was replaced, not adopted: "
          + viaA.function(FN).body() + "\n" + everyOutput());
        assertTrue(alive(i, before.get(i)), "engine " + i + "'s container " + before.get(i));
      }
      for (int i = 0; i < MultiHostCluster.SIZE; i++) {
        int node = i;
        Poll.untilTrue(WAIT, "node " + i + "'s gateway to serve " + FN,
          () -> hosts.get(node, "/function/" + FN).statusCode() == 200, () -> hosts.node(node).output());
      }
      List<LoadLoop.Outcome> outcomes = new ArrayList<>(load.stop());
      outcomes.addAll(loadB.stop());
      long failed = outcomes.stream().filter(o -> o.status() != 200).count();
      String report = "while C rejoined: " + failed + " of " + outcomes.size() + " requests failed: "
        + LoadLoop.summary(outcomes) + ", first failures: "
        + outcomes.stream().filter(o -> o.status() != 200).limit(5).toList();
      System.out.println("MultiHostRejoinIT: " + report);
      assertTrue(outcomes.size() > 0 && failed == 0, report + "\n" + everyOutput());
    }
  }

  /** Whether container {@code id} runs on engine {@code engine} (asked by id through that engine's API). */
  private static boolean alive(int engine, String id) {
    try {
      return await(hosts.engine(engine).inspectContainer(id)).state().running();
    } catch (RuntimeException | AssertionError e) {
      return false;
    }
  }

  /** Every node's output, for a failure's message. */
  private static String everyOutput() {
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      all.append("--- node ").append(i).append(":\n").append(hosts.node(i).output()).append('\n');
    }
    return all.toString();
  }

  /** The containers of the function on {@code engine} that run (paused counts: an idle instance). */
  private static List<ContainerSummary> running(int engine) {
    return hosts.functionContainers(engine, FN).stream().filter(c -> List.of("running", "paused").contains(c.state()))
      .toList();
  }
}
