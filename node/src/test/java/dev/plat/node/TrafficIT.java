package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic split against the real dockerd and registry ({@code versionsKept} 2): two deploys, then
 * {@code plat traffic NAME v1=70 v2=30}; 1,000 requests share out within 5 points of the weights
 * (each version answers with its own text, as in {@link RollbackIT}); {@code /function/NAME@v1}
 * answers from version 1 whatever the split; a third deploy moves v2's share to v3 and collects v2
 * while v1, held by the split, stays (and still answers); {@code --latest} ends the split and v1's
 * instances go.
 */
class TrafficIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int REQUESTS = 1_000;
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
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-traffic", "--versions-kept", "2");
    cli = PlatCli.against(node, tmp.resolve("home"));
    api = new PlatApi(node.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeProcess.stopAndRemove(node, docker, FUNCTIONS);
  }

  @Test
  void a_split_shares_requests_by_weight_and_holds_its_versions_against_collection() {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    JsonObject manifest = TestFunctions.manifest(name);
    TestFunctions.deploy(cli, node, tmp, manifest, "one");
    TestFunctions.deploy(cli, node, tmp, manifest, "two");

    PlatCli.Result set = cli.run(tmp, "traffic", name, "v1=70", "v2=30");
    assertEquals(0, set.exit(), () -> set + "\n" + node.output());
    assertTrue(set.out().contains("70%") && set.out().contains("v2 (current)"), set::toString);
    PlatCli.Result json = cli.run(tmp, "-o", "json", "get", name);
    assertEquals(new JsonObject().put("1", 70).put("2", 30), new JsonObject(json.out()).getJsonObject("traffic"), json::toString);

    Map<String, Integer> counts = count(name, REQUESTS);
    System.out.println("1,000 requests at v1=70 v2=30: " + counts);
    assertEquals(REQUESTS, counts.getOrDefault("one", 0) + counts.getOrDefault("two", 0), counts::toString);
    assertEquals(0.70, counts.getOrDefault("one", 0) / (double) REQUESTS, 0.05, counts::toString);

    assertEquals("one\n", api.send(invocation(name + "@v1")).body(), "v1 addressed directly");
    assertEquals("two\n", api.send(invocation(name + "@v2")).body(), "the current version addressed directly");
    PlatApi.Response missing = api.send(invocation(name + "@v9"));
    assertEquals(404, missing.status(), missing::toString);

    TestFunctions.deploy(cli, node, tmp, manifest, "three");
    JsonObject fn = api.function(name).json();
    assertEquals(new JsonObject().put("1", 70).put("3", 30), fn.getJsonObject("traffic"), "v2's share went to v3");
    PlatApi.Response versions = api.get("/api/functions/" + name + "/versions", NodeProcess.ADMIN_TOKEN);
    assertEquals(List.of(3L, 1L), versions.json().getJsonArray("versions").stream()
      .map(v -> ((JsonObject) v).getLong("version")).toList(), "v2 collected, v1 held by the split");
    Map<String, Integer> after = count(name, 200);
    assertTrue(after.containsKey("one") && after.containsKey("three") && !after.containsKey("two"), after::toString);
    assertEquals("one\n", api.send(invocation(name + "@v1")).body());

    PlatCli.Result latest = cli.run(tmp, "traffic", name, "--latest");
    assertEquals(0, latest.exit(), latest::toString);
    Poll.untilTrue(WAIT, "v1's containers to go", () -> docker.containers(name).stream()
      .noneMatch(c -> "1".equals(c.labels().get(Names.Label.VERSION))), () -> docker.containers(name).toString());
    assertEquals(Map.of("three", 50), count(name, 50));
    assertEquals("one\n", api.send(invocation(name + "@v1")).body(), "a kept version still answers when addressed (cold start)");
  }

  private static Map<String, Integer> count(String name, int requests) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      PlatApi.Response r = api.send(invocation(name));
      assertEquals(200, r.status(), () -> r + "\n" + node.output());
      counts.merge(r.body().strip(), 1, Integer::sum);
    }
    return counts;
  }

  private static HttpRequest invocation(String key) {
    return api.http1("/function/" + key + "/version", NodeProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(30)).GET().build();
  }
}
