package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DASHBOARD_ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class CorsTest {
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir);
  }

  @Test
  void answersAPreflightFromTheDashboardOriginBeforeAuth() {
    GatewayHarness.Response response = gateway.call(gateway.options(HttpMethod.OPTIONS, "/api/functions", null)
      .putHeader("Origin", DASHBOARD_ORIGIN)
      .putHeader("Access-Control-Request-Method", "POST")
      .putHeader("Access-Control-Request-Headers", "authorization,content-type"), req -> req.send());

    assertTrue(response.status() == 200 || response.status() == 204, "status " + response.status());
    assertEquals(DASHBOARD_ORIGIN, response.headers().get("Access-Control-Allow-Origin"));
    String methods = response.headers().get("Access-Control-Allow-Methods");
    assertTrue(methods.contains("POST") && methods.contains("PATCH") && methods.contains("DELETE"), methods);
    String headers = response.headers().get("Access-Control-Allow-Headers").toLowerCase(Locale.ROOT);
    assertTrue(headers.contains("authorization") && headers.contains("content-type"), headers);
  }

  @Test
  void letsRequestsFromTheGatewaysOwnOriginThroughWithoutCors() {
    GatewayHarness.Response response = gateway.call(gateway.options(HttpMethod.GET, "/api/functions", null)
      .putHeader("Origin", "http://127.0.0.1:" + gateway.port), req -> req.send());
    assertEquals(401, response.status(), "reaches auth: the dashboard served by the gateway needs no CORS");
    assertNull(response.headers().get("Access-Control-Allow-Origin"));
  }

  @Test
  void givesNoAllowOriginToAnotherOrigin() {
    GatewayHarness.Response response = gateway.call(gateway.options(HttpMethod.OPTIONS, "/api/functions", null)
      .putHeader("Origin", "http://evil.example.test")
      .putHeader("Access-Control-Request-Method", "POST"), req -> req.send());
    assertNull(response.headers().get("Access-Control-Allow-Origin"));
    assertEquals(403, response.status());
    assertEquals("forbidden", response.json().getString("code"));
  }
}
