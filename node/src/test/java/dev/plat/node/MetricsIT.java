package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a real node: a function deployed with the CLI and invoked through the
 * gateway shows up with its invocations by status, its latency histogram and its ready instance,
 * next to the JVM's and Vert.x's own metrics; its status ({@code GET /api/functions[/{name}]})
 * says how many invocations the last minute had and their p95.
 */
class MetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Answers 404 on {@code /missing}, "ok" on anything else. */
  private static final String HANDLER = """
    def handle(req):
        if req.path == "/missing":
            return "nope\\n", 404
        return "ok\\n"
    """;
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
    // never paused: the instance stays "ready" while the test reads the gauges
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-metrics", "--pause-after-seconds", "0");
    cli = PlatCli.against(node, tmp.resolve("home"));
    api = new PlatApi(node.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeProcess.stopAndRemove(node, docker, FUNCTIONS);
  }

  @Test
  void the_scrape_shows_a_functions_invocations_latency_and_instances_beside_jvm_and_vertx_metrics() throws Exception {
    String name = fresh();
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("plat.json"), new JsonObject().put("name", name).put("runtime", "python-flask").encode());
    Files.writeString(dir.resolve("handler.py"), HANDLER);
    PlatCli.Result deploy = cli.run(dir, "deploy");
    assertEquals(0, deploy.exit(), () -> deploy + node.output());

    for (int i = 0; i < 3; i++) {
      PlatApi.Response ok = api.get("/function/" + name + "/hello", NodeProcess.ADMIN_TOKEN);
      assertEquals(200, ok.status(), ok::toString);
      assertEquals("ok\n", ok.body());
    }
    PlatApi.Response missing = api.get("/function/" + name + "/missing", NodeProcess.ADMIN_TOKEN);
    assertEquals(404, missing.status(), missing::toString);

    String ready = "plat_instances{function=\"" + name + "\",state=\"ready\"} 1.0";
    String scrape = Poll.until(WAIT, ready + " in /metrics", () -> {
      String text = metrics();
      return text.contains(ready) ? text : null;
    }, () -> metrics() + node.output());
    String fn = "function=\"" + name + "\"";
    assertTrue(scrape.contains("plat_invocations_total{" + fn + ",status=\"200\"} 3.0"), scrape);
    assertTrue(scrape.contains("plat_invocations_total{" + fn + ",status=\"404\"} 1.0"), scrape);
    assertTrue(scrape.contains("plat_invocation_seconds_count{" + fn + "} 4"), scrape);
    assertTrue(scrape.contains("plat_invocation_seconds_bucket{" + fn + ",le=\"+Inf\"} 4"), scrape);
    assertTrue(scrape.contains("plat_invocation_seconds_bucket{" + fn + ",le=\"0.1\"}"), scrape);
    assertTrue(scrape.contains("plat_cold_starts_total{" + fn + "} 0.0"), scrape);
    assertTrue(scrape.contains("plat_queue_depth{" + fn + "} 0.0"), scrape);
    assertTrue(scrape.contains("plat_in_flight{" + fn + "} 0.0"), scrape);
    assertTrue(scrape.contains("plat_instances{" + fn + ",state=\"paused\"} 0.0"), scrape);
    assertTrue(scrape.contains("jvm_memory_used_bytes{"), "JVM metrics:\n" + scrape);
    assertTrue(scrape.contains("vertx_http_server_requests_total{"), "Vert.x HTTP server metrics:\n" + scrape);
    assertTrue(scrape.contains("vertx_pool_"), "Vert.x pool metrics:\n" + scrape);
    assertFalse(scrape.contains("/function/"), "no request path in any label:\n" + scrape);
    assertFalse(scrape.contains("fn.sock"), "no instance socket in any label:\n" + scrape);

    // the function status: the proxy's last minute, published to the controller within a second or two
    JsonObject metrics = Poll.until(WAIT, "metrics.requestsPerMinute 4 in GET /api/functions/" + name, () -> {
      JsonObject m = api.get("/api/functions/" + name, NodeProcess.ADMIN_TOKEN).json().getJsonObject("metrics");
      return m != null && m.getLong("requestsPerMinute", 0L) == 4 ? m : null;
    }, () -> api.get("/api/functions/" + name, NodeProcess.ADMIN_TOKEN) + node.output());
    assertTrue(metrics.getDouble("p95Ms") > 0, metrics::encode);
    assertTrue(metrics.getDouble("p95Ms") < WAIT.toMillis(), metrics::encode);
    JsonObject listed = api.get("/api/functions", NodeProcess.ADMIN_TOKEN).json().getJsonArray("functions").stream()
      .map(JsonObject.class::cast).filter(f -> name.equals(f.getString("name"))).findFirst().orElseThrow();
    assertEquals(4, listed.getJsonObject("metrics").getLong("requestsPerMinute"), listed::encode);
    assertTrue(listed.getJsonObject("metrics").getDouble("p95Ms") > 0, listed::encode);

    assertEquals(0, cli.run(tmp, "rm", name).exit());
    Poll.untilTrue(WAIT, "the series of " + name + " to be gone after rm",
      () -> !metrics().contains("plat_instances{" + fn), () -> metrics());
  }

  @Test
  void a_name_no_function_has_leaves_no_series() {
    String name = fresh();
    PlatApi.Response unknown = api.get("/function/" + name + "/", NodeProcess.ADMIN_TOKEN);
    assertEquals(404, unknown.status(), unknown::toString);
    assertFalse(metrics().contains(name), "a series for a function that does not exist:\n" + metrics());
  }

  @Test
  void metrics_need_a_token_that_may_manage() {
    PlatApi.Response none = api.get("/metrics", null);
    assertEquals(401, none.status(), none::toString);
    assertEquals("unauthorized", none.code());
    PlatApi.Response admin = api.get("/metrics", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, admin.status(), admin::toString);
    assertTrue(admin.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
      admin.raw().headers()::toString);
  }

  private static String metrics() {
    PlatApi.Response response = api.get("/metrics", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, response.status(), response::toString);
    return response.body();
  }

  private static String fresh() {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    return name;
  }
}
