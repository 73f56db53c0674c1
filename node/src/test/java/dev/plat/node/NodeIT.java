package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as a user runs it: a separate JVM started from the command line, serving /health with
 * every role, Docker reachability and the cluster size, and stopping cleanly on SIGTERM.
 */
class NodeIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process node;

  @TempDir
  Path dataDir;

  @AfterEach
  void stopNode() throws InterruptedException {
    if (node != null && node.isAlive()) {
      node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void serves_health_of_all_roles_and_stops_cleanly_on_sigterm() throws Exception {
    DockerCheck.requireDocker();
    int port = freePort();
    Path log = dataDir.resolve("node.log");
    node = startNode(log, "--http-port", String.valueOf(port), "--cluster-port", String.valueOf(freePort()),
      "--data-dir", dataDir.toString(), "--node-id", "node-it");

    JsonObject health = new JsonObject(waitForHealth(port, log));
    assertEquals("up", health.getString("status"), health.encodePrettily());
    assertEquals("node-it", health.getString("node"));
    List<String> roles = new ArrayList<>();
    health.getJsonArray("roles").forEach(r -> roles.add(((JsonObject) r).getString("role")));
    assertEquals(List.of("gateway", "controller", "proxy", "builder"), sorted(roles));
    assertTrue(health.getJsonObject("docker").getBoolean("reachable"), health.encodePrettily());
    assertEquals(1, health.getJsonObject("cluster").getInteger("size"));

    node.destroy(); // SIGTERM
    assertTrue(node.waitFor(30, TimeUnit.SECONDS), "node did not stop within 30 s of SIGTERM");
    String output = Files.readString(log);
    assertTrue(output.contains("stopping"), output);
    assertTrue(output.contains("roles [gateway, controller, proxy, builder]") || output.contains("roles ["), output);
  }

  @Test
  void refuses_a_bad_flag_with_a_clear_message_and_exit_code_2() throws Exception {
    Path log = dataDir.resolve("bad.log");
    node = startNode(log, "--http-port", "not-a-port");
    assertTrue(node.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, node.exitValue());
    String output = Files.readString(log);
    assertTrue(output.contains("httpPort") && output.contains("not-a-port"), output);
  }

  private static List<String> sorted(List<String> roles) {
    List<String> order = List.of("gateway", "controller", "proxy", "builder");
    return roles.stream().sorted((a, b) -> order.indexOf(a) - order.indexOf(b)).toList();
  }

  private Process startNode(Path log, String... flags) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(flags));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private String waitForHealth(int port, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
      .timeout(Duration.ofSeconds(5)).build();
    while (System.nanoTime() < deadline) {
      assertTrue(node.isAlive(), () -> "node exited: " + read(log));
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("no healthy /health within 60 s: " + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
