package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invocations end to end on one node (tokens {@code inv-secret:invoker}, {@code dep-secret:deployer},
 * an invocation queue of 2): what reaches the function and comes back through
 * {@code /function/NAME/**} and {@code plat invoke}, Host routing of public URLs, auth on
 * invoke, and the proxy's concurrency limit (429) and timeout (504).
 */
class InvokeIT {
  private static final String INVOKER = "inv-secret";
  private static final String DEPLOYER = "dep-secret";
  private static final Set<String> FUNCTIONS = new LinkedHashSet<>();

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatCli cli;
  private static PlatApi api;
  /** A private function answering every path of {@link TestFunctions#HANDLER}. */
  private static String echo;

  @BeforeAll
  static void startNodeAndDeployEcho() throws Exception {
    docker = FunctionDocker.require();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-invoke",
      "--tokens", INVOKER + ":invoker," + DEPLOYER + ":deployer", "--invocation-queue", "2");
    cli = PlatCli.against(node, tmp.resolve("home"));
    api = new PlatApi(node.url());
    echo = fresh();
    TestFunctions.deploy(cli, node, tmp, TestFunctions.manifest(echo), "v1");
  }

  @AfterAll
  static void stopNode() throws Exception {
    NodeProcess.stopAndRemove(node, docker, FUNCTIONS);
  }

  @Test
  void method_path_query_headers_and_body_reach_the_function_and_its_answer_comes_back() {
    PlatApi.Response posted = api.send(api.http1("/function/" + echo + "/sub/path?q=1&r=two", NodeProcess.ADMIN_TOKEN)
      .header("X-Test", "abc").header("Content-Type", "text/plain")
      .POST(HttpRequest.BodyPublishers.ofString("hello body")).build());
    assertEquals(200, posted.status(), posted::toString);
    JsonObject seen = posted.json();
    assertEquals("POST", seen.getString("method"));
    assertEquals("/sub/path", seen.getString("path"));
    assertEquals("q=1&r=two", seen.getString("query"));
    assertEquals("hello body", seen.getString("body"));
    JsonObject headers = seen.getJsonObject("headers");
    assertEquals("abc", headers.getString("x-test"), seen::encodePrettily);
    assertTrue(headers.getString("x-forwarded-for", "").contains("127.0.0.1"), seen::encodePrettily);
    assertEquals(URI.create(node.url()).getAuthority(), headers.getString("x-forwarded-host"), seen::encodePrettily);
    assertEquals("http", headers.getString("x-forwarded-proto"), seen::encodePrettily);
    assertFalse(headers.containsKey("authorization"), "the caller's platform token stays at the gateway");
    String requestId = posted.raw().headers().firstValue("X-Plat-Request-Id").orElse(null);
    assertNotNull(requestId, posted.raw().headers()::toString);
    assertEquals(requestId, headers.getString("x-plat-request-id"), "the function sees the id the caller gets back");

    PlatApi.Response deleted = api.send(api.http1("/function/" + echo, NodeProcess.ADMIN_TOKEN)
      .header("X-Plat-Request-Id", "e2e-request-1").DELETE().build());
    assertEquals(200, deleted.status(), deleted::toString);
    assertEquals("DELETE", deleted.json().getString("method"));
    assertEquals("/", deleted.json().getString("path"), "/function/NAME without a rest is the function's /");
    assertEquals("e2e-request-1", deleted.raw().headers().firstValue("X-Plat-Request-Id").orElse(null),
      "a caller's request id is kept");
    assertEquals("e2e-request-1", deleted.json().getJsonObject("headers").getString("x-plat-request-id"));
  }

  @Test
  void plat_invoke_prints_the_answer_and_exits_non_zero_when_the_function_answers_500() {
    PlatCli.Result posted = cli.run(tmp, "invoke", echo, "-d", "{\"name\":\"x\"}");
    assertEquals(0, posted.exit(), posted::toString);
    JsonObject seen = new JsonObject(posted.out());
    assertEquals("POST", seen.getString("method"), posted::toString);
    assertEquals(new JsonObject().put("name", "x"), seen.getJsonObject("json"), posted::toString);

    PlatCli.Result put = cli.run(tmp, "invoke", echo, "-X", "PUT", "-H", "X-Test: from-cli", "--path", "/items?id=7");
    assertEquals(0, put.exit(), put::toString);
    JsonObject putSeen = new JsonObject(put.out());
    assertEquals("PUT", putSeen.getString("method"));
    assertEquals("/items", putSeen.getString("path"));
    assertEquals("id=7", putSeen.getString("query"));
    assertEquals("from-cli", putSeen.getJsonObject("headers").getString("x-test"));

    PlatCli.Result failed = cli.run(tmp, "invoke", echo, "--path", "/fail");
    assertNotEquals(0, failed.exit(), failed::toString);
    assertTrue(failed.out().contains("asked to fail"), "the error body is still printed:\n" + failed);
    assertTrue(failed.err().contains("500"), failed::toString);
  }

  @Test
  void a_worker_dying_mid_request_is_a_json_502_and_the_next_request_is_served() {
    PlatApi.Response crashed = get("/function/" + echo + "/crash", NodeProcess.ADMIN_TOKEN);
    assertEquals(502, crashed.status(), crashed::toString);
    assertNotNull(crashed.code(), crashed::toString);
    PlatApi.Response next = get("/function/" + echo + "/version", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, next.status(), next::toString);
    assertEquals("v1\n", next.body());
  }

  @Test
  void public_hosts_route_to_the_function_by_host_and_a_second_claim_is_409() {
    String name = fresh();
    TestFunctions.deploy(cli, node, tmp, TestFunctions.manifest(name).put("project", "shop").put("service", "cart"), "v1");
    int port = URI.create(node.url()).getPort();
    for (String host : List.of("shop-cart.platform.test:" + port, "shop-cart.localhost:" + port, "Shop-Cart.Platform.Test")) {
      PlatApi.Response byHost = api.send(api.http1("/?via=host", NodeProcess.ADMIN_TOKEN).header("Host", host).GET().build());
      assertEquals(200, byHost.status(), () -> host + ": " + byHost);
      assertEquals("/", byHost.json().getString("path"), host);
      assertEquals("via=host", byHost.json().getString("query"), host);
      PlatApi.Response noToken = api.send(api.http1("/", null).header("Host", host).GET().build());
      assertEquals(401, noToken.status(), () -> host + " of a private function without a token: " + noToken);
    }
    PlatApi.Response unknown = api.send(api.http1("/", NodeProcess.ADMIN_TOKEN)
      .header("Host", "nobody-here.platform.test:" + port).GET().build());
    assertEquals(404, unknown.status(), unknown::toString);
    assertEquals("unknown_host", unknown.code());

    PlatCli.Result url = cli.run(tmp, "url", name);
    assertEquals(0, url.exit(), url::toString);
    assertEquals("http://shop-cart.platform.test:" + port + "/", url.out().strip());

    String rival = fresh();
    PlatApi.Response claim = api.send(api.http1(PlatApi.deployPath(rival, "python-flask"), NodeProcess.ADMIN_TOKEN)
      .header("Content-Type", "application/zip").header("X-Plat-Spec", "{\"project\":\"shop\",\"service\":\"cart\"}")
      .POST(HttpRequest.BodyPublishers.ofByteArray(TestZips.pythonFunction())).build());
    assertEquals(409, claim.status(), claim::toString);
    assertEquals("conflict", claim.code());
    assertEquals(404, api.function(rival).status(), "the refused function is not registered");
  }

  @Test
  void invoking_needs_a_token_with_the_invoke_permission_unless_the_function_is_public() {
    String path = "/function/" + echo + "/version";
    PlatApi.Response none = get(path, null);
    assertEquals(401, none.status(), none::toString);
    assertEquals("unauthorized", none.code());
    assertEquals(401, get(path, "not-a-token").status());
    for (String token : List.of(INVOKER, DEPLOYER, NodeProcess.ADMIN_TOKEN)) {
      PlatApi.Response ok = get(path, token);
      assertEquals(200, ok.status(), () -> token + ": " + ok);
      assertEquals("v1\n", ok.body());
    }

    String open = fresh();
    TestFunctions.deploy(cli, node, tmp, TestFunctions.manifest(open).put("public", true), "open");
    PlatApi.Response anonymous = get("/function/" + open + "/version", null);
    assertEquals(200, anonymous.status(), anonymous::toString);
    assertEquals("open\n", anonymous.body());
  }

  @Test
  void requests_over_the_concurrency_limit_and_the_queue_get_429_with_retry_after() throws Exception {
    String name = fresh();
    TestFunctions.deploy(cli, node, tmp, TestFunctions.manifest(name)
      .put("limits", new JsonObject().put("concurrency", 1)).put("scaling", new JsonObject().put("min", 1).put("max", 1)), "v1");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int n = 8;
    // each answer is numbered in the order it arrives: a refusal must come before the request in
    // flight (3 s of sleep) is answered, i.e. at once, not when capacity frees up
    AtomicInteger arrivals = new AtomicInteger();
    List<CompletableFuture<Ordered>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(http.sendAsync(api.http1("/function/" + name + "/sleep?s=3", NodeProcess.ADMIN_TOKEN).GET().build(),
        HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Ordered(r, arrivals.incrementAndGet())));
    }
    List<Ordered> answers = new ArrayList<>();
    for (CompletableFuture<Ordered> call : calls) {
      answers.add(call.get(60, TimeUnit.SECONDS));
    }
    answers.sort(java.util.Comparator.comparingInt(Ordered::arrival));
    String all = String.join("\n", answers.stream().map(a -> a.arrival() + ": " + a.response().statusCode() + " "
      + a.response().body().strip()).toList());
    System.out.println("concurrency 1, queue 2, " + n + " concurrent requests, in order of arrival:\n" + all);
    int ok = 0;
    int refused = 0;
    for (Ordered answer : answers) {
      HttpResponse<String> response = answer.response();
      if (response.statusCode() == 200) {
        ok++;
      } else {
        assertEquals(429, response.statusCode(), all);
        assertEquals("too_many_requests", new JsonObject(response.body()).getString("code"), all);
        assertTrue(response.headers().firstValue("Retry-After").orElse("").matches("\\d+"), response.headers()::toString);
        assertEquals(0, ok, "refused at once, before the request in flight was answered:\n" + all);
        refused++;
      }
    }
    assertTrue(refused >= n - 3, "at most 1 in flight + 2 queued are accepted:\n" + all);
    assertTrue(ok >= 1, "the requests in flight and queued are served:\n" + all);
  }

  @Test
  void a_function_slower_than_its_timeout_gets_a_json_504() {
    String name = fresh();
    TestFunctions.deploy(cli, node, tmp, TestFunctions.manifest(name).put("limits", new JsonObject().put("timeoutSeconds", 1)), "v1");
    // the handler sleeps longer than this client waits for an answer (60 s): a 504 at all is an
    // answer given at the timeout, before the function finished
    PlatApi.Response slow = get("/function/" + name + "/sleep?s=90", NodeProcess.ADMIN_TOKEN);
    assertEquals(504, slow.status(), slow::toString);
    assertEquals("timeout", slow.code());
    PlatApi.Response fast = get("/function/" + name + "/version", NodeProcess.ADMIN_TOKEN);
    assertEquals(200, fast.status(), fast::toString);
    assertFalse(fast.body().isEmpty());
  }

  private record Ordered(HttpResponse<String> response, int arrival) {
  }

  private static PlatApi.Response get(String path, String token) {
    return api.send(api.http1(path, token).GET().build());
  }

  private static String fresh() {
    String name = E2eNames.fresh();
    FUNCTIONS.add(name);
    return name;
  }
}
