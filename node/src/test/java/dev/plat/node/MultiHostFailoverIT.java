package dev.plat.node;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane across three nodes on three Docker engines ({@link MultiHostCluster}): a deploy
 * through A spreads its instances over the three engines; kill -9 of the leader (A, the oldest)
 * under load, right after it acknowledged a deploy, leaves the registry and the function serving,
 * a survivor answers the API, finishes that deploy, and the lost instance is replaced on a survivor; kill -9 of a node hosting instances (after A came back) does
 * the same, failing no more requests than were in flight on the victim; after all three are killed
 * and started again the registry comes back from disk. The times these take are measured by
 * {@code bench/cluster.sh}, not asserted here.
 */
class MultiHostFailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String FN = "spread";
  private static final int INSTANCES = 3;
  /** Requests the load keeps in flight. */
  private static final int LOAD_THREADS = 4;
  @TempDir
  static Path root;
  private static MultiHostCluster hosts;

  @BeforeAll
  static void startThreeNodes() throws Exception {
    // no runtime pool: an instance is then always a container labelled with its function
    // A (the oldest member: the first leader) has no builder role, so that a build outlives the kill of the leader
    hosts = MultiHostCluster.start(root, Map.of(0, List.of("--roles", "gateway,controller,proxy")), "--pool-size", "0");
  }

  @AfterAll
  static void stop() {
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void spreadsInstancesAndSurvivesTheLossOfTheLeaderOfANodeAndOfEveryNode() throws Exception {
    PlatApi a = new PlatApi(hosts.node(0).url());
    PlatApi.Response deployed = a.deploy(FN, "python-flask", TestZips.pythonFunction(), NodeProcess.ADMIN_TOKEN,
      new JsonObject().put("scaling", new JsonObject().put("min", INSTANCES).put("max", INSTANCES)));
    assertTrue(deployed.status() == 200 || deployed.status() == 202, deployed.toString());
    // one instance on each engine, each labelled with the node whose engine it is on
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      int node = i;
      Poll.untilTrue(WAIT, "a running instance of " + FN + " on engine " + i, () -> running(node).size() == 1,
        () -> hosts.node(0).output());
    }
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      assertEquals(hosts.nodeId(i), running(i).get(0).labels().get("plat.node"));
      int node = i;
      Poll.untilTrue(WAIT, "node " + i + "'s gateway to serve " + FN,
        () -> hosts.get(node, "/function/" + FN).statusCode() == 200, () -> hosts.node(node).output());
    }

    // 1. kill -9 the leader (A, the oldest member) under load through B, right after it acknowledged a
    // deploy of version 2 (built on B or C): the next leader finishes that deploy
    PlatApi b = new PlatApi(hosts.node(1).url());
    survive(0, 1, b, () -> {
      PlatApi.Response v2 = b.deploy(FN, "python-flask", TestZips.pythonFunction("def handle(req):\n    return 'v2'\n"),
        NodeProcess.ADMIN_TOKEN, new JsonObject().put("scaling", new JsonObject().put("min", INSTANCES).put("max", INSTANCES)));
      assertTrue(v2.status() == 200 || v2.status() == 202, v2.toString());
      assertEquals(2L, v2.json().getLong("version"), v2.toString());
    });
    Poll.untilTrue(WAIT, "version 2 deployed by the next leader", () -> {
      JsonObject fn = b.function(FN).jsonIf200();
      return fn != null && fn.getLong("version") == 2L && "v2".equals(hosts.get(1, "/function/" + FN).body());
    }, () -> b.function(FN).body() + "\n" + hosts.node(1).output());

    // 2. A comes back (its old containers are removed), then C, which hosts an instance, is killed under load through B
    hosts.restart(root, 0, List.of(hosts.clusterAddress(1), hosts.clusterAddress(2))).awaitHealthy();
    Poll.untilTrue(WAIT, "A's containers of its previous life removed", () -> {
      JsonObject fn = b.function(FN).jsonIf200();
      return fn != null && running(0).stream().allMatch(c -> fn.getJsonArray("instances").stream()
        .anyMatch(o -> c.id().equals(((JsonObject) o).getString("container"))));
    }, () -> hosts.node(1).output());
    survive(2, 1, b, () -> { });

    // 3. every node killed, then started again: the registry comes back from the disks
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      hosts.node(i).kill();
    }
    hosts.restart(root, 0, List.of());
    String first = Poll.until(WAIT, "A's cluster port", () -> hosts.node(0).ports().getInteger("cluster") == null ? null
      : hosts.clusterAddress(0), () -> hosts.node(0).output());
    hosts.restart(root, 1, List.of(first));
    hosts.restart(root, 2, List.of(first));
    hosts.nodes().forEach(NodeProcess::awaitHealthy);
    PlatApi c = new PlatApi(hosts.node(2).url());
    JsonObject restored = c.awaitServing(FN, WAIT, () -> c.function(FN).body() + "\n" + everyOutput());
    assertEquals(2L, restored.getLong("version"), restored.encode());
    Poll.untilTrue(WAIT, FN + " served through C after the restart",
      () -> hosts.get(2, "/function/" + FN).statusCode() == 200, () -> hosts.node(2).output());
  }

  /**
   * Kills node {@code victim} under load through node {@code via}: the API answers again through
   * {@code via}, the function keeps {@link #INSTANCES} instances, none on the victim and none twice,
   * and the load recovers (every request of the last stretch succeeds).
   */
  private static void survive(int victim, int via, PlatApi api, Runnable beforeKill) throws Exception {
    URI uri = URI.create(hosts.node(via).url() + "/function/" + FN);
    hosts.nodes().forEach(NodeProcess::awaitBackupsInSync);  // a join since the last kill: its partitions migrated
    try (LoadLoop load = LoadLoop.start(LOAD_THREADS, () -> HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + NodeProcess.ADMIN_TOKEN).GET().build())) {
      Poll.untilTrue(WAIT, "load before the kill", () -> load.outcomes().size() > 50, () -> "");
      beforeKill.run();
      hosts.node(victim).kill();
      int killedAt = load.outcomes().size();
      // the API answers a write through a survivor (a new leader if the victim led)
      Poll.untilTrue(WAIT, "an API write through node " + via + " after the kill of node " + victim,
        () -> api.patch(FN, new JsonObject().put("env", new JsonObject()), NodeProcess.ADMIN_TOKEN).status() == 200,
        () -> hosts.node(via).output());
      // replacements on the survivors: INSTANCES live instances, none on the victim, each container once
      Poll.untilTrue(WAIT, INSTANCES + " ready instances on the survivors", () -> {
        JsonObject fn = api.function(FN).jsonIf200();
        if (fn == null) {
          return false;
        }
        List<JsonObject> instances = new ArrayList<>();
        fn.getJsonArray("instances").forEach(o -> instances.add((JsonObject) o));
        return instances.size() == INSTANCES && instances.stream().allMatch(i -> List.of("ready", "paused")
          .contains(i.getString("state")) && !hosts.nodeId(victim).equals(i.getString("node")));
      }, () -> api.function(FN).body() + "\n" + hosts.node(via).output());
      Poll.untilTrue(WAIT, "exactly " + INSTANCES + " containers on the survivors' engines (no duplicate)", () -> {
        int survivorsRunning = 0;
        for (int i = 0; i < MultiHostCluster.SIZE; i++) {
          if (i != victim) {
            survivorsRunning += running(i).size();
          }
        }
        return survivorsRunning == INSTANCES;
      }, () -> api.function(FN).body());
      // the load recovers: 200 consecutive successes
      Poll.untilTrue(WAIT, "200 successes in a row", () -> {
        List<LoadLoop.Outcome> all = load.outcomes();
        return all.size() > 200 && all.subList(all.size() - 200, all.size()).stream().allMatch(o -> o.status() == 200);
      }, () -> LoadLoop.summary(load.outcomes()));
      // only the requests in flight on the victim may fail: one per load thread at most; every
      // later one goes to a live instance (bench/cluster.sh measures how long the failover takes)
      List<LoadLoop.Outcome> outcomes = load.stop();
      long failed = outcomes.stream().filter(o -> o.status() != 200).count();
      String report = "kill -9 of node " + victim + ": " + failed + " of " + outcomes.size() + " requests failed ("
        + (outcomes.size() - killedAt) + " after the kill): " + LoadLoop.summary(outcomes) + ", first failures: "
        + outcomes.stream().filter(o -> o.status() != 200).limit(5).toList();
      System.out.println("MultiHostFailoverIT: " + report);
      assertTrue(failed <= LOAD_THREADS, report + "\n" + hosts.node(via).output());
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
