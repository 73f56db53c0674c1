package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.ADMIN;
import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static dev.plat.gateway.GatewayHarness.INVOKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.FunctionDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The front door: which requests reach the data plane, for which function and path, and with what auth. */
@ExtendWith(VertxExtension.class)
class InvocationRoutesTest {
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir);
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("cart", false,
      List.of("shop-cart.platform.test", "shop-cart.localhost", "cart.example.com"))));
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("hello", true, List.of())));
  }

  @Test
  void functionPathGoesToTheFunctionWithTheRestOfThePath() {
    GatewayHarness.Response response = gateway.call(HttpMethod.POST, "/function/cart/items/1?x=2", INVOKER);
    assertEquals(200, response.status());
    assertEquals("invoked cart /items/1", response.body().toString());
    assertEquals(200, gateway.call(HttpMethod.GET, "/function/cart", DEPLOYER).status());
    assertEquals(200, gateway.call(HttpMethod.GET, "/function/cart/", ADMIN).status());
    assertEquals(List.of("cart /items/1", "cart /", "cart /"), gateway.invocations);
  }

  @Test
  void invokingAPrivateFunctionWithoutAValidTokenIs401AndNeverReachesTheDataPlane() {
    GatewayHarness.Response none = gateway.call(HttpMethod.GET, "/function/cart", null);
    assertEquals(401, none.status());
    assertEquals("unauthorized", none.json().getString("code"));
    assertTrue(none.headers().get("WWW-Authenticate").startsWith("Bearer"));
    assertEquals(401, gateway.call(HttpMethod.GET, "/function/cart", "wrong").status());
    assertTrue(gateway.invocations.isEmpty(), gateway.invocations.toString());
  }

  @Test
  void thePlatformTokenIsNotPassedToAPrivateFunctionButAPublicFunctionGetsItsCallersHeader() {
    gateway.call(HttpMethod.GET, "/function/cart", INVOKER);
    gateway.call(HttpMethod.GET, "/function/hello", "callers-own-scheme");
    assertEquals(List.of("null", "Bearer callers-own-scheme"), gateway.authorizations);
  }

  @Test
  void aPublicFunctionGetsNoneOfTheGatewaysTokensButKeepsItsCallersOwnHeader() {
    gateway.call(HttpMethod.GET, "/function/hello", INVOKER);
    gateway.call(HttpMethod.GET, "/function/hello", ADMIN);
    gateway.call(HttpMethod.GET, "/function/hello", "callers-own-scheme");
    assertEquals(List.of("null", "null", "Bearer callers-own-scheme"), gateway.authorizations);
  }

  @Test
  void theAccessTokenParameterNeverReachesAPrivateFunctionAndAGatewayTokenInItNeverAPublicOne() {
    gateway.call(HttpMethod.GET, "/function/cart/p?a=1&access_token=" + INVOKER + "&b=2;c=3", INVOKER);
    gateway.call(HttpMethod.GET, "/function/cart/p?access_token=anything", INVOKER);
    gateway.call(HttpMethod.GET, "/function/cart/p?ACCESS%5Ftoken=x&z", INVOKER);
    gateway.call(HttpMethod.GET, "/function/hello/p?access_token=" + DEPLOYER + "&b=2", null);
    gateway.call(HttpMethod.GET, "/function/hello/p?b=2&access_token=its-own", null);
    gateway.call(HttpMethod.GET, "/function/hello/p?b=2", null);
    assertEquals(List.of("a=1&b=2;c=3", "null", "z", "b=2", "b=2&access_token=its-own", "b=2"), gateway.queries);
  }

  @Test
  void aPublicFunctionNeedsNoToken() {
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/function/hello/hi", null);
    assertEquals(200, response.status());
    assertEquals(List.of("hello /hi"), gateway.invocations);
  }

  @Test
  void theHostHeaderSelectsTheFunctionOfAPublicUrlOrCustomDomain() {
    for (String host : new String[] {"shop-cart.platform.test:8080", "SHOP-CART.localhost", "cart.example.com"}) {
      GatewayHarness.Response response = gateway.call(gateway.options(HttpMethod.GET, "/a/b?q=1", INVOKER)
        .putHeader("Host", host), req -> req.send());
      assertEquals(200, response.status(), host);
      assertEquals("invoked cart /a/b", response.body().toString());
    }
    GatewayHarness.Response noToken = gateway.call(gateway.options(HttpMethod.GET, "/", null)
      .putHeader("Host", "shop-cart.platform.test"), req -> req.send());
    assertEquals(401, noToken.status());
  }

  @Test
  void anUnknownHostUnderTheBaseDomainIs404Json() {
    GatewayHarness.Response response = gateway.call(gateway.options(HttpMethod.GET, "/", INVOKER)
      .putHeader("Host", "shop-nothing.platform.test:8080"), req -> req.send());
    assertEquals(404, response.status());
    assertEquals("unknown_host", response.json().getString("code"));
    assertTrue(gateway.invocations.isEmpty());
  }

  @Test
  void otherRequestsReachTheManagementRouter() {
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/openapi.yaml", null);
    assertEquals(200, response.status());
    assertTrue(gateway.invocations.isEmpty());
  }

  @Test
  void aFunctionClaimingTheGatewaysOwnHostNeverGetsTheApiHealthOrTheCallersToken() {
    // a public function whose directory entry claims the gateway's names (registered before domains were checked)
    GatewayHarness.await(gateway.directory.put(new FunctionDirectory.Entry("thief", true,
      List.of("127.0.0.1", "localhost", "2130706433", "gw-test.example.com"))));
    for (String host : new String[] {"127.0.0.1:" + gateway.port, "localhost", "2130706433", "[::1]"}) {
      GatewayHarness.Response api = gateway.call(gateway.options(HttpMethod.GET, "/api/openapi.yaml", ADMIN)
        .putHeader("Host", host), req -> req.send());
      assertEquals(200, api.status(), host);
      assertTrue(api.text().contains("openapi"), host);
      GatewayHarness.Response health = gateway.call(gateway.options(HttpMethod.GET, "/health", ADMIN)
        .putHeader("Host", host), req -> req.send());
      assertEquals("gw-test", health.json().getString("node"), host + ": " + health.text());
    }
    assertTrue(gateway.invocations.isEmpty(), gateway.invocations.toString());
    assertTrue(gateway.authorizations.isEmpty(), gateway.authorizations.toString());
  }
}
