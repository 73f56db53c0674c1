package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous invocations end to end on a real node and dockerd: every accepted invocation runs
 * (counted by the function itself, in a file of its socket folder that the test reads from the
 * host), a function that always answers 500 ends failed after the configured attempts, an
 * idempotency key gets the first id, the result reaches a callback server, a dead callback URL
 * does not hold the queue, a callback to a loopback address is refused (400 {@code bad_callback_url})
 * unless the operator allows it ({@code callbackAllowedHosts}), and a node killed with queued invocations runs them all after a restart.
 */
class AsyncIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();
  /** Appends {@code n} (query) to calls.log beside its socket, then echoes it; {@code /fail} answers 500. */
  private static final String COUNTING = """
    import os
    import time


    def handle(req):
        if req.path == "/fail":
            return {"error": "asked to fail"}, 500
        n = req.query.get("n", "")
        if req.path == "/slow":
            time.sleep(0.3)
        folder = os.path.dirname(os.environ.get("PLAT_SOCKET", "/run/plat/fn.sock"))
        with open(os.path.join(folder, "calls.log"), "a") as log:
            log.write(n + "\\n")
        return {"n": n, "body": req.body.decode("utf-8"), "auth": req.headers.get("authorization"),
                "custom": req.headers.get("x-custom")}
    """;
  private static final String[] FLAGS = {"--async-max-attempts", "3", "--async-retry-delay-ms", "200"};

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static Vertx vertx;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @BeforeAll
  static void requireDocker() {
    docker = FunctionDocker.require();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopNodes() {
    nodes.forEach(NodeProcess::close);
  }

  @AfterAll
  static void close() {
    if (docker != null) {
      docker.removeAll(FUNCTIONS);
      docker.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  @Test
  void every_accepted_invocation_runs_once_failures_end_failed_and_callbacks_arrive() throws Exception {
    Path data = tmp.resolve("one");
    // the callback receivers below listen on loopback: this node's operator allows 127.0.0.1 only
    NodeProcess node = start(data, "e2e-async-one", "--async-concurrency", "4",
      "--callback-allowed-hosts", "public,127.0.0.1/32");
    PlatApi api = new PlatApi(node.url());
    String name = deploy(api, node);

    // a callback server, and a callback URL on which nothing listens
    BlockingQueue<JsonObject> callbacks = new LinkedBlockingQueue<>();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      callbacks.add(body.toJsonObject());
      req.response().end();
    }));
    int callbackPort = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
      .actualPort();
    String dead = "http://127.0.0.1:" + closedPort() + "/dead";

    for (String refused : List.of("http://[::1]:" + callbackPort + "/hook", "http://169.254.169.254/latest/meta-data/")) {
      PlatApi.Response answer = refusedSubmit(api, name, refused);
      assertEquals("bad_callback_url", answer.json().getString("code"), answer::toString);
    }
    String withDeadCallback = submit(api, name, "/?n=dead-cb", Map.of("X-Callback-Url", dead));
    String failing = submit(api, name, "/fail", Map.of());
    int n = 20;
    Map<String, String> ids = new HashMap<>();
    for (int i = 0; i < n; i++) {
      ids.put(submit(api, name, "/?n=" + i, Map.of()), String.valueOf(i));
    }
    String withCallback = submit(api, name, "/?n=cb", Map.of("X-Callback-Url", "http://127.0.0.1:" + callbackPort + "/hook"));

    // idempotency: the same key gets the same id, and runs once
    String keyed = submit(api, name, "/?n=keyed", Map.of("Idempotency-Key", "order-1"));
    assertEquals(keyed, submit(api, name, "/?n=keyed-again", Map.of("Idempotency-Key", "order-1")));

    for (String id : ids.keySet()) {
      JsonObject done = awaitFinished(api, id, node);
      assertEquals("succeeded", done.getString("state"), done::encodePrettily);
      assertEquals(1, done.getInteger("attempts"), done::encodePrettily);
      JsonObject result = done.getJsonObject("result");
      assertEquals(200, result.getInteger("status"));
      assertEquals("text", result.getString("bodyEncoding"), done::encodePrettily);
      JsonObject seen = new JsonObject(result.getString("body"));
      assertEquals(ids.get(id), seen.getString("n"));
      assertEquals("payload", seen.getString("body"), "the stored body reached the function");
      assertEquals("kept", seen.getString("custom"), "the stored headers reached the function");
      assertEquals(null, seen.getString("auth"), "no token reaches the function: " + seen);
    }
    JsonObject failed = awaitFinished(api, failing, node);
    assertEquals("failed", failed.getString("state"), failed::encodePrettily);
    assertEquals(3, failed.getInteger("attempts"), "the configured attempts: " + failed.encodePrettily());
    assertEquals(500, failed.getJsonObject("result").getInteger("status"));
    assertEquals("succeeded", awaitFinished(api, keyed, node).getString("state"));
    assertEquals("succeeded", awaitFinished(api, withDeadCallback, node).getString("state"));

    JsonObject callback = callbacks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(callback != null, "the callback server got the result");
    assertEquals(withCallback, callback.getString("id"), callback::encodePrettily);
    assertEquals("succeeded", callback.getString("state"));
    assertEquals(200, callback.getInteger("status"));
    assertEquals("cb", new JsonObject(callback.getString("body")).getString("n"), callback::encodePrettily);

    // the dead callback (still being retried) holds no worker slot: later invocations run
    String later = submit(api, name, "/?n=later", Map.of());
    assertEquals("succeeded", awaitFinished(api, later, node).getString("state"));

    Map<String, Integer> calls = calls(data);
    for (int i = 0; i < n; i++) {
      assertEquals(1, calls.getOrDefault(String.valueOf(i), 0), "invocation " + i + " ran exactly once: " + calls);
    }
    assertEquals(1, calls.getOrDefault("keyed", 0), "the idempotent submission ran once: " + calls);
    assertEquals(0, calls.getOrDefault("keyed-again", 0), calls::toString);

    PlatApi.Response list = api.get("/api/invocations?function=" + name + "&limit=100", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, list.status(), list::toString);
    assertEquals(n + 5, list.json().getJsonArray("invocations").size(), list::toString);
    PlatApi.Response metrics = api.get("/metrics", NodeProcess.ADMIN_TOKEN);
    assertTrue(metrics.body().contains("plat_async_failures_total{function=\"" + name + "\"} 1.0"), metrics.body());
    assertTrue(metrics.body().contains("plat_async_retries_total{function=\"" + name + "\"} 2.0"), metrics.body());
    server.close();
  }

  @Test
  void a_node_killed_with_queued_invocations_runs_them_all_after_a_restart() throws Exception {
    Path data = tmp.resolve("restart");
    NodeProcess first = start(data, "e2e-async-restart", "--async-concurrency", "1");
    PlatApi api = new PlatApi(first.url());
    String name = deploy(api, first);
    // by default a callback may not point at the node itself (its gateway, on loopback)
    PlatApi.Response refused = refusedSubmit(api, name, first.url() + "/api/functions");
    assertEquals("bad_callback_url", refused.json().getString("code"), refused::toString);
    assertTrue(refused.json().getString("error").contains("loopback"), refused::toString);
    int n = 15;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(submit(api, name, "/slow?n=" + i, Map.of()));
    }
    first.kill();
    Map<String, Integer> before = calls(data);
    assertTrue(before.size() < n, "some were still queued at the kill: " + before);

    NodeProcess second = start(data, "e2e-async-restart", "--async-concurrency", "1");
    PlatApi api2 = new PlatApi(second.url());
    for (String id : ids) {
      JsonObject done = awaitFinished(api2, id, second);
      assertEquals("succeeded", done.getString("state"), done::encodePrettily);
    }
    Map<String, Integer> calls = calls(data);
    int again = 0;
    for (int i = 0; i < n; i++) {
      int count = calls.getOrDefault(String.valueOf(i), 0);
      assertTrue(count >= 1, "invocation " + i + " ran: " + calls);
      again += count - 1;
    }
    // at-least-once: only an attempt cut off by the kill (one slot) may run a second time
    assertTrue(again <= 1, "at most the one running at the kill ran twice: " + calls);
  }

  private NodeProcess start(Path data, String nodeId, String... extra) throws IOException {
    List<String> flags = new ArrayList<>(List.of(FLAGS));
    flags.addAll(List.of(extra));
    NodeProcess node = NodeProcess.startHealthy(data, nodeId, flags.toArray(String[]::new));
    nodes.add(node);
    return node;
  }

  private static String deploy(PlatApi api, NodeProcess node) {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    PlatApi.Response deploy = api.deploy(name, "python-flask", TestZips.pythonFunction(COUNTING), NodeProcess.ADMIN_TOKEN);
    assertEquals(202, deploy.status(), deploy::toString);
    api.awaitServing(name, WAIT, node::output);
    return name;
  }

  /** A submission with {@code callback} that must be refused 400; nothing is stored. */
  private static PlatApi.Response refusedSubmit(PlatApi api, String name, String callback) {
    PlatApi.Response answer = api.send(api.http1("/async-function/" + name + "/?n=refused", NodeProcess.ADMIN_TOKEN)
      .header("X-Callback-Url", callback).POST(HttpRequest.BodyPublishers.ofString("payload")).build());
    assertEquals(400, answer.status(), answer::toString);
    return answer;
  }

  private static String submit(PlatApi api, String name, String pathAndQuery, Map<String, String> headers) {
    HttpRequest.Builder request = api.http1("/async-function/" + name + pathAndQuery, NodeProcess.ADMIN_TOKEN)
      .header("Content-Type", "text/plain").header("X-Custom", "kept").POST(HttpRequest.BodyPublishers.ofString("payload"));
    headers.forEach(request::header);
    PlatApi.Response accepted = api.send(request.build());
    assertEquals(202, accepted.status(), accepted::toString);
    String id = accepted.json().getString("id");
    assertEquals(id, accepted.raw().headers().firstValue("X-Invocation-Id").orElse(null));
    return id;
  }

  private static JsonObject awaitFinished(PlatApi api, String id, NodeProcess node) {
    return Poll.until(WAIT, "invocation " + id + " to finish", () -> {
      PlatApi.Response r = api.get("/api/invocations/" + id, NodeProcess.ADMIN_TOKEN);
      assertEquals(200, r.status(), r::toString);
      String state = r.json().getString("state");
      return "succeeded".equals(state) || "failed".equals(state) ? r.json() : null;
    }, node::output);
  }

  /** How many times the function ran with each {@code n}: every calls.log under the node's socket folders. */
  private static Map<String, Integer> calls(Path data) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    Path sockets = data.resolve("sockets");
    if (!Files.isDirectory(sockets)) {
      return counts;
    }
    try (Stream<Path> files = Files.walk(sockets)) {
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

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
