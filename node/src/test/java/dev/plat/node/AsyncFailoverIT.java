package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.testing.FreePorts;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous invocations in a two-node cluster: A runs every role, B only the gateway (its worker
 * calls A's instances through its own gateway). B is killed with SIGKILL while it runs an
 * invocation: A puts it back in the queue (its claimant left) and every accepted invocation ends
 * succeeded; the function ran each at least once, and only those cut off on B a second time.
 */
class AsyncFailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String SLEEPY = """
    import os
    import time


    def handle(req):
        time.sleep(float(req.query.get("s", "0")))
        folder = os.path.dirname(os.environ.get("PLAT_SOCKET", "/run/plat/fn.sock"))
        with open(os.path.join(folder, "calls.log"), "a") as log:
            log.write(req.query.get("n", "") + "\\n")
        return {"n": req.query.get("n", "")}
    """;

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess a;
  private static NodeProcess b;
  private static String function;

  @BeforeAll
  static void startNodes() throws Exception {
    docker = FunctionDocker.require();
    String cluster = FreePorts.clusterName();
    String secret = UUID.randomUUID().toString();
    String[] async = {"--async-concurrency", "2", "--async-retry-delay-ms", "200"};
    a = NodeProcess.startInCluster(tmp.resolve("data-a"), "async-a", cluster, List.of(),
      concat(async, "--cluster-secret", secret));
    int clusterPort = a.ports().getInteger("cluster");
    b = NodeProcess.startInCluster(tmp.resolve("data-b"), "async-b", cluster, List.of(),
      concat(async, "--roles", "gateway", "--cluster-secret", secret, "--cluster-members", "127.0.0.1:" + clusterPort));
    b.ports();
    Poll.untilTrue(WAIT, "the two nodes to form one cluster", () -> {
      PlatApi.Response health = new PlatApi(b.url()).get("/health", null);
      return health.status() == 200 && health.json().getJsonObject("cluster").getInteger("size") == 2;
    }, () -> a.output() + b.output());
  }

  @AfterAll
  static void stopNodes() throws Exception {
    try {
      if (b != null) {
        b.close();
      }
    } finally {
      NodeProcess.stopAndRemove(a, docker, function == null ? List.of() : List.of(function));
    }
  }

  @Test
  void invocations_running_on_a_killed_node_run_again_on_the_survivor_and_none_is_lost() throws Exception {
    PlatApi apiA = new PlatApi(a.url());
    PlatApi apiB = new PlatApi(b.url());
    function = E2eNames.fresh();
    PlatApi.Response deploy = apiA.deploy(function, "python-flask", TestZips.pythonFunction(SLEEPY), NodeProcess.ADMIN_TOKEN);
    assertEquals(202, deploy.status(), deploy::toString);
    apiA.awaitServing(function, WAIT, a::output);

    int n = 12;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PlatApi.Response accepted = apiB.send(apiB.http1("/async-function/" + function + "?s=3&n=" + i,
        NodeProcess.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
      assertEquals(202, accepted.status(), accepted::toString);
      ids.add(accepted.json().getString("id"));
    }
    String onB = Poll.until(WAIT, "an invocation running on B", () -> {
      for (String id : ids) {
        JsonObject one = apiA.get("/api/invocations/" + id, NodeProcess.ADMIN_TOKEN).json();
        if ("running".equals(one.getString("state")) && "async-b".equals(one.getString("node"))) {
          return id;
        }
      }
      return null;
    }, () -> a.output() + b.output());
    b.kill();

    for (String id : ids) {
      JsonObject done = Poll.until(WAIT, "invocation " + id + " to finish on A", () -> {
        JsonObject one = apiA.get("/api/invocations/" + id, NodeProcess.ADMIN_TOKEN).json();
        String state = one.getString("state");
        return "succeeded".equals(state) || "failed".equals(state) ? one : null;
      }, a::output);
      assertEquals("succeeded", done.getString("state"), done::encodePrettily);
    }
    JsonObject cutOff = apiA.get("/api/invocations/" + onB, NodeProcess.ADMIN_TOKEN).json();
    assertEquals("async-a", cutOff.getString("node"), "A ran it again: " + cutOff.encodePrettily());
    assertTrue(cutOff.getInteger("attempts") >= 2, cutOff::encodePrettily);

    Map<String, Integer> calls = calls(tmp.resolve("data-a"));
    int again = 0;
    for (int i = 0; i < n; i++) {
      int count = calls.getOrDefault(String.valueOf(i), 0);
      assertTrue(count >= 1, "invocation " + i + " ran: " + calls);
      again += count - 1;
    }
    assertTrue(again <= 2, "only the (at most 2) invocations running on B at the kill ran twice: " + calls);
  }

  private static String[] concat(String[] first, String... rest) {
    return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
  }

  private static Map<String, Integer> calls(Path data) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    try (Stream<Path> files = Files.walk(data.resolve("sockets"))) {
      for (Path log : files.filter(p -> p.getFileName().toString().equals("calls.log")).toList()) {
        for (String line : Files.readAllLines(log)) {
          if (!line.isEmpty()) {
            counts.merge(line, 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }
}
