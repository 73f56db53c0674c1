package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.ADMIN;
import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static dev.plat.gateway.GatewayHarness.INVOKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class AuthTest {
  private GatewayHarness gateway;
  private FakeRole controller;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir);
    controller = new FakeRole(vertx, Names.Address.CONTROLLER)
      .on(Actions.Controller.LIST, body -> new JsonObject().put("functions", new JsonArray()));
  }

  @Test
  void noTokenIs401WithAWwwAuthenticateBearerChallenge() {
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/functions", null);
    assertEquals(401, response.status());
    assertEquals("unauthorized", response.json().getString("code"));
    assertTrue(response.headers().get("WWW-Authenticate").startsWith("Bearer"), response.headers().toString());
    assertTrue(controller.requests.isEmpty());
  }

  @Test
  void anUnknownTokenOrAnotherSchemeIs401() {
    GatewayHarness.Response wrong = gateway.call(HttpMethod.GET, "/api/functions", "admin-secreT");
    assertEquals(401, wrong.status());
    assertEquals("unauthorized", wrong.json().getString("code"));
    assertTrue(wrong.headers().contains("WWW-Authenticate"));

    GatewayHarness.Response basic = gateway.call(gateway.options(HttpMethod.GET, "/api/functions", null)
      .putHeader("Authorization", "Basic YWRtaW46YWRtaW4="), req -> req.send());
    assertEquals(401, basic.status());
    assertTrue(controller.requests.isEmpty());
  }

  @Test
  void anInvokerTokenIsForbiddenOnTheApi() {
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/functions", INVOKER);
    assertEquals(403, response.status());
    assertEquals("forbidden", response.json().getString("code"));
    assertNull(response.headers().get("WWW-Authenticate"));
    assertTrue(controller.requests.isEmpty());
  }

  @Test
  void deployerAndAdminTokensMayUseTheApi() {
    assertEquals(200, gateway.call(HttpMethod.GET, "/api/functions", DEPLOYER).status());
    assertEquals(200, gateway.call(HttpMethod.GET, "/api/functions", ADMIN).status());
    assertEquals(2, controller.requests.size());
  }

  @Test
  void theOpenApiDocumentNeedsNoToken() {
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/openapi.yaml", null);
    assertEquals(200, response.status());
    assertTrue(response.headers().get("Content-Type").startsWith("application/yaml"));
  }

  @Test
  void theAuthTokenSettingIsAnAdminToken(Vertx vertx, @TempDir Path otherDir) {
    GatewayHarness other = GatewayHarness.start(vertx, otherDir, null, Map.of(ConfigKey.AUTH_TOKEN, "s3cr3t", ConfigKey.TOKENS, ""));
    assertEquals(200, other.call(HttpMethod.GET, "/api/functions", "s3cr3t").status());
    assertEquals(401, other.call(HttpMethod.GET, "/api/functions", DEPLOYER).status());
  }
}
