package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DASHBOARD_ORIGIN;
import static dev.plat.gateway.GatewayHarness.INVOKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.FunctionDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CORS on invocations ({@code /function/**} and public hosts) on the gateway's Vert.x path: a
 * preflight from an origin of {@code corsOrigins} is answered by the gateway without a token,
 * answers get {@code Access-Control-Allow-Origin} unless the function set its own, and other origins
 * reach the function untouched. (The fast path hands these requests here: FastPathHandsCorsOverTest.)
 */
@ExtendWith(VertxExtension.class)
class FunctionCorsTest {
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir, null, Map.of(), null, (request, name, path, query) -> {
      if (name.equals("own-cors")) {
        request.response().putHeader("Access-Control-Allow-Origin", "https://own.example.test");
      }
      request.response().end("invoked " + name + " " + path);
    });
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("cart", false,
      List.of("shop-cart.platform.test"))));
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("hello", true, List.of())));
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("own-cors", true, List.of())));
  }

  private RequestOptions preflight(String uri, String origin) {
    return gateway.options(HttpMethod.OPTIONS, uri, null).putHeader("Origin", origin)
      .putHeader("Access-Control-Request-Method", "PUT")
      .putHeader("Access-Control-Request-Headers", "authorization,content-type,x-custom");
  }

  @Test
  void answersAPreflightToAPrivateFunctionWithoutAToken() {
    GatewayHarness.Response response = gateway.call(preflight("/function/cart/items", DASHBOARD_ORIGIN), req -> req.send());
    assertEquals(204, response.status());
    assertEquals(DASHBOARD_ORIGIN, response.headers().get("Access-Control-Allow-Origin"));
    assertTrue(response.headers().get("Access-Control-Allow-Methods").contains("PUT"));
    assertEquals("authorization,content-type,x-custom", response.headers().get("Access-Control-Allow-Headers"));
    assertEquals(List.of(), gateway.invocations, "a preflight never reaches the function");
  }

  @Test
  void answersAPreflightOnAPublicHost() {
    GatewayHarness.Response response = gateway.call(preflight("/items", DASHBOARD_ORIGIN)
      .putHeader("Host", "shop-cart.platform.test:8080"), req -> req.send());
    assertEquals(204, response.status());
    assertEquals(DASHBOARD_ORIGIN, response.headers().get("Access-Control-Allow-Origin"));
    assertEquals(List.of(), gateway.invocations);
  }

  @Test
  void addsTheAllowedOriginToAFunctionsAnswerAndToARefusal() {
    GatewayHarness.Response ok = gateway.call(gateway.options(HttpMethod.GET, "/function/cart/x", INVOKER)
      .putHeader("Origin", DASHBOARD_ORIGIN), req -> req.send());
    assertEquals(200, ok.status());
    assertEquals("invoked cart /x", ok.text());
    assertEquals(DASHBOARD_ORIGIN, ok.headers().get("Access-Control-Allow-Origin"));
    assertEquals("Origin", ok.headers().get("Vary"));

    GatewayHarness.Response refused = gateway.call(gateway.options(HttpMethod.GET, "/function/cart/x", null)
      .putHeader("Origin", DASHBOARD_ORIGIN), req -> req.send());
    assertEquals(401, refused.status());
    assertEquals(DASHBOARD_ORIGIN, refused.headers().get("Access-Control-Allow-Origin"), "the page can read the error");
  }

  @Test
  void keepsTheFunctionsOwnAllowOrigin() {
    GatewayHarness.Response response = gateway.call(gateway.options(HttpMethod.GET, "/function/own-cors", null)
      .putHeader("Origin", DASHBOARD_ORIGIN), req -> req.send());
    assertEquals(200, response.status());
    assertEquals(List.of("https://own.example.test"), response.headers().getAll("Access-Control-Allow-Origin"));
  }

  @Test
  void leavesAnotherOriginToTheFunction() {
    GatewayHarness.Response preflight = gateway.call(preflight("/function/hello", "http://other.example.test"),
      req -> req.send());
    assertEquals(200, preflight.status());
    assertEquals("invoked hello /", preflight.text());
    assertNull(preflight.headers().get("Access-Control-Allow-Origin"));
    GatewayHarness.Response own = gateway.call(gateway.options(HttpMethod.GET, "/function/own-cors", null)
      .putHeader("Origin", "http://other.example.test"), req -> req.send());
    assertEquals("https://own.example.test", own.headers().get("Access-Control-Allow-Origin"));
  }
}
