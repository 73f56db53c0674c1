package dev.plat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's static files from the {@code webroot} folder, without a token, after the API. */
@ExtendWith(VertxExtension.class)
class DashboardRouteTest {
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir, @TempDir Path webroot) throws Exception {
    Files.writeString(webroot.resolve("index.html"), "<!doctype html><title>Plat</title>");
    Files.createDirectories(webroot.resolve("js"));
    Files.writeString(webroot.resolve("js/app.js"), "export const x = 1;\n");
    Files.writeString(webroot.resolve(".secret"), "hidden");
    gateway = GatewayHarness.start(vertx, dataDir, null, Map.of(ConfigKey.WEBROOT, webroot.toString()));
  }

  @Test
  void servesTheIndexPageAndModulesWithoutAToken() {
    GatewayHarness.Response index = gateway.call(HttpMethod.GET, "/", null);
    assertEquals(200, index.status());
    assertTrue(index.text().contains("<title>Plat</title>"));
    assertTrue(index.headers().get("Content-Type").startsWith("text/html"), index.headers().get("Content-Type"));

    GatewayHarness.Response module = gateway.call(HttpMethod.GET, "/js/app.js", null);
    assertEquals(200, module.status());
    assertTrue(module.headers().get("Content-Type").contains("javascript"), "browsers load modules only as JavaScript");
  }

  @Test
  void leavesTheApiToItsRoutesAndHidesDotFiles() {
    assertEquals(401, gateway.call(HttpMethod.GET, "/api/functions", null).status(), "the API still needs a token");
    GatewayHarness.Response unknown = gateway.call(HttpMethod.GET, "/api/index.html", GatewayHarness.ADMIN);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.json().getString("code"));
    assertEquals(404, gateway.call(HttpMethod.GET, "/.secret", null).status());
    assertEquals(404, gateway.call(HttpMethod.GET, "/no-such-file.css", null).status());
  }
}
