package dev.plat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.gateway.async.AsyncInvocation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /async-function/{name}/**} and {@code /api/invocations} on a real gateway with an in-memory store. */
@ExtendWith(VertxExtension.class)
class AsyncRoutesTest {
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    // callbacks to loopback are refused by default: this gateway's operator allows 127.0.0.1
    gateway = GatewayHarness.start(vertx, dataDir, null, Map.of(ConfigKey.ASYNC_MAX_BODY_BYTES, "1KiB",
      ConfigKey.CALLBACK_ALLOWED_HOSTS, "public,127.0.0.1/32"));
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("hello", false, List.of())));
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("open", true, List.of())));
  }

  @Test
  void an_accepted_invocation_is_stored_queued_with_its_request_and_answered_202_with_its_id() {
    var options = gateway.options(HttpMethod.POST, "/async-function/hello/sub/path?x=1", GatewayHarness.INVOKER)
      .putHeader("Content-Type", "application/json").putHeader("X-Custom", "yes").putHeader("Connection", "keep-alive")
      .putHeader("X-Callback-Url", "http://127.0.0.1:1/cb");
    GatewayHarness.Response response = gateway.call(options, req -> req.send(Buffer.buffer("{\"a\":1}")));
    assertEquals(202, response.status(), response::text);
    String id = response.json().getString("id");
    assertEquals(id, response.headers().get("X-Invocation-Id"));

    AsyncInvocation stored = GatewayHarness.await(gateway.invocationStore.get(id));
    assertEquals(AsyncInvocation.QUEUED, stored.state());
    assertEquals("hello", stored.function());
    assertEquals("http://127.0.0.1:1/cb", stored.callbackUrl());
    JsonObject request = stored.request();
    assertEquals("POST", request.getString("method"));
    assertEquals("/sub/path", request.getString("path"));
    assertEquals("x=1", request.getString("query"));
    assertEquals("{\"a\":1}", new String(Base64.getDecoder().decode(request.getString("body"))));
    List<String> names = request.getJsonArray("headers").stream().map(h -> ((JsonArray) h).getString(0).toLowerCase()).toList();
    assertEquals(true, names.contains("x-custom"), names::toString);
    for (String dropped : new String[] {"authorization", "connection", "x-callback-url", "host", "content-length"}) {
      assertFalse(names.contains(dropped), dropped + " is not stored: " + names);
    }
    assertEquals(List.of(), gateway.invocations, "nothing ran synchronously");
  }

  @Test
  void a_callback_to_loopback_private_or_metadata_addresses_is_refused_400_by_default_and_nothing_is_stored(
      Vertx vertx, @TempDir Path otherDir) {
    GatewayHarness defaults = GatewayHarness.start(vertx, otherDir, null, Map.of());
    GatewayHarness.await(defaults.directory.put(new FunctionDirectory.Entry("hello", false, List.of())));
    Map<String, String> refused = Map.of("http://127.0.0.1:8081/", "loopback", "http://169.254.169.254/latest/meta-data/",
      "link-local", "http://10.0.0.1/", "private", "http://[::1]/", "loopback", "gopher://example.com/", "http://");
    refused.forEach((url, why) -> {
      GatewayHarness.Response response = defaults.call(defaults.options(HttpMethod.POST, "/async-function/hello",
        GatewayHarness.INVOKER).putHeader("X-Callback-Url", url), req -> req.send());
      assertEquals(400, response.status(), response::text);
      assertEquals("bad_callback_url", response.json().getString("code"), response::text);
      assertTrue(response.json().getString("error").contains(why), response::text);
    });
    assertEquals(0, GatewayHarness.await(defaults.invocationStore.recent(null, 10)).size());
    // the same loopback URL is accepted where the operator allows it
    GatewayHarness.Response allowed = gateway.call(gateway.options(HttpMethod.POST, "/async-function/hello",
      GatewayHarness.INVOKER).putHeader("X-Callback-Url", "http://127.0.0.1:8081/"), req -> req.send());
    assertEquals(202, allowed.status(), allowed::text);
  }

  @Test
  void a_body_over_the_limit_is_refused_413_as_json_and_nothing_is_stored() {
    GatewayHarness.Response response = gateway.call(HttpMethod.POST, "/async-function/hello", GatewayHarness.INVOKER,
      Buffer.buffer(new byte[1025]));
    assertEquals(413, response.status(), response::text);
    assertNotNull(response.json().getString("code"));
    assertEquals(0, GatewayHarness.await(gateway.invocationStore.recent(null, 10)).size());
  }

  @Test
  void the_auth_is_that_of_function_calls() {
    assertEquals(401, gateway.call(HttpMethod.POST, "/async-function/hello", null).status());
    assertEquals(401, gateway.call(HttpMethod.POST, "/async-function/hello", "wrong").status());
    assertEquals(202, gateway.call(HttpMethod.POST, "/async-function/open", null).status(), "a public function needs no token");
  }

  @Test
  void an_unknown_function_is_404() {
    GatewayHarness.Response response = gateway.call(HttpMethod.POST, "/async-function/nope", GatewayHarness.ADMIN);
    assertEquals(404, response.status());
    assertEquals("function_not_found", response.json().getString("code"));
  }

  @Test
  void the_same_idempotency_key_returns_the_first_id_per_function() {
    var first = gateway.call(gateway.options(HttpMethod.POST, "/async-function/hello", GatewayHarness.INVOKER)
      .putHeader("Idempotency-Key", "k1"), req -> req.send(Buffer.buffer("one")));
    var second = gateway.call(gateway.options(HttpMethod.POST, "/async-function/hello", GatewayHarness.INVOKER)
      .putHeader("Idempotency-Key", "k1"), req -> req.send(Buffer.buffer("two")));
    var other = gateway.call(gateway.options(HttpMethod.POST, "/async-function/open", GatewayHarness.INVOKER)
      .putHeader("Idempotency-Key", "k1"), req -> req.send(Buffer.buffer("three")));
    assertEquals(202, second.status());
    assertEquals(first.json().getString("id"), second.json().getString("id"));
    assertNotEquals(first.json().getString("id"), other.json().getString("id"), "keys are per function");
    assertEquals(2, GatewayHarness.await(gateway.invocationStore.recent(null, 10)).size());
  }

  @Test
  void the_api_shows_an_invocation_and_lists_them_newest_first_without_request_bodies() {
    String a = gateway.call(HttpMethod.POST, "/async-function/hello", GatewayHarness.INVOKER, Buffer.buffer("secret"))
      .json().getString("id");
    gateway.call(HttpMethod.POST, "/async-function/open", GatewayHarness.INVOKER);
    GatewayHarness.Response one = gateway.call(HttpMethod.GET, "/api/invocations/" + a, GatewayHarness.ADMIN);
    assertEquals(200, one.status(), one::text);
    assertEquals("queued", one.json().getString("state"));
    assertEquals(0, one.json().getInteger("attempts"));
    assertFalse(one.text().contains("c2VjcmV0"), "the request body is not shown");
    GatewayHarness.Response list = gateway.call(HttpMethod.GET, "/api/invocations?function=hello", GatewayHarness.ADMIN);
    assertEquals(1, list.json().getJsonArray("invocations").size(), list::text);
    assertEquals(404, gateway.call(HttpMethod.GET, "/api/invocations/unknown", GatewayHarness.ADMIN).status());
    assertEquals(403, gateway.call(HttpMethod.GET, "/api/invocations/" + a, GatewayHarness.INVOKER).status());
    assertEquals(400, gateway.call(HttpMethod.GET, "/api/invocations?limit=0", GatewayHarness.ADMIN).status());
  }
}
