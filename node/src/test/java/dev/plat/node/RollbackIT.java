package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
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
 * Versions and rollback against the real dockerd and registry: two deploys, then {@code plat
 * rollback} under a request loop serves the first version's code again as version 3, without a
 * rebuild and without a failed request; {@code GET .../versions} lists 3, 2, 1.
 */
class RollbackIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
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
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-rollback");
    cli = PlatCli.against(node, tmp.resolve("home"));
    api = new PlatApi(node.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeProcess.stopAndRemove(node, docker, FUNCTIONS);
  }

  @Test
  void a_rollback_under_load_serves_the_old_code_as_a_new_version_and_loses_no_request() throws Exception {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    JsonObject manifest = TestFunctions.manifest(name);
    TestFunctions.deploy(cli, node, tmp, manifest, "one");
    TestFunctions.deploy(cli, node, tmp, manifest, "two");
    assertEquals("two\n", api.send(invocation(name)).body());

    List<LoadLoop.Outcome> outcomes;
    PlatCli.Result rollback;
    try (LoadLoop load = LoadLoop.start(3, () -> invocation(name))) {
      Poll.untilTrue(WAIT, "the load to be served", () -> load.outcomes().size() >= 20, node::output);
      long start = System.nanoTime();
      rollback = cli.run(tmp, "rollback", name);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(0, rollback.exit(), () -> rollback + "\n" + node.output());
      System.out.printf("plat rollback to ready: %d ms%n", tookMs);
      Poll.untilTrue(WAIT, "v3 to be the only container of " + name, () -> docker.containers(name).stream()
        .allMatch(c -> "3".equals(c.labels().get(Names.Label.VERSION))), () -> docker.containers(name).toString());
      int served = load.outcomes().size();
      Poll.untilTrue(WAIT, "more load after the switch", () -> load.outcomes().size() >= served + 20, node::output);
      outcomes = load.stop();
    }
    assertTrue(rollback.out().contains("Rolled back " + name + " to v1 as v3"), rollback.toString());
    String summary = LoadLoop.summary(outcomes) + ", bodies " + outcomes.stream()
      .collect(Collectors.groupingBy(o -> String.valueOf(o.body()).strip(), Collectors.counting()));
    System.out.println("load across a rollback: " + summary);
    for (LoadLoop.Outcome o : outcomes) {
      assertEquals(200, o.status(), () -> o + "\n" + summary);
      assertTrue(o.body().equals("one\n") || o.body().equals("two\n"), o::toString);
    }
    assertTrue(outcomes.stream().anyMatch(o -> o.body().equals("one\n")), summary);
    for (int i = 0; i < 10; i++) {
      assertEquals("one\n", api.send(invocation(name)).body(), "only v1's code answers after the rollback");
    }

    JsonObject fn = api.function(name).json();
    assertEquals(3, fn.getLong("version"));
    PlatApi.Response versions = api.get("/api/functions/" + name + "/versions", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, versions.status(), versions::toString);
    JsonArray list = versions.json().getJsonArray("versions");
    assertEquals(List.of(3L, 2L, 1L), list.stream().map(v -> ((JsonObject) v).getLong("version")).toList());
    assertEquals("rollback of v1", list.getJsonObject(0).getString("origin"));
    assertEquals(list.getJsonObject(2).getString("digest"), list.getJsonObject(0).getString("digest"),
      "v3 runs v1's image");
    assertEquals(fn.getString("digest"), list.getJsonObject(0).getString("digest"));

    PlatApi.Response unknown = api.send(api.request("/api/functions/" + name + "/rollback", NodeProcess.ADMIN_TOKEN)
      .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"to\": 9}")).build());
    assertEquals(404, unknown.status(), unknown::toString);
    assertEquals("version_not_found", unknown.code());
  }

  private static HttpRequest invocation(String name) {
    return api.http1("/function/" + name + "/version", NodeProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(20)).GET().build();
  }
}
