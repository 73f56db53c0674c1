package dev.plat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

@ExtendWith(VertxExtension.class)
class OpenApiTest {

  @Test
  @SuppressWarnings("unchecked")
  void theServedDocumentDescribesEveryApiRouteTheRouterMounts(Vertx vertx, @TempDir Path dataDir) {
    GatewayHarness gateway = GatewayHarness.start(vertx, dataDir);
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/openapi.yaml", null);
    assertEquals(200, response.status());
    assertEquals("application/yaml", response.headers().get("Content-Type"));

    Map<String, Object> doc = new Yaml().load(response.text());
    assertTrue(String.valueOf(doc.get("openapi")).startsWith("3."), "an OpenAPI 3 document");
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");

    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Route route : gateway.verticle.router().getRoutes()) {
      String path = route.getPath();
      if (path == null || !path.startsWith("/api/") || path.endsWith("*") || route.methods() == null) {
        continue;
      }
      String openApiPath = path.replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        checked++;
        Map<String, Object> item = paths.get(openApiPath);
        if (item == null || !item.containsKey(method.name().toLowerCase(Locale.ROOT))) {
          missing.add(method + " " + openApiPath);
        }
      }
    }
    assertTrue(checked >= 12, "the router mounts the API routes, found " + checked);
    assertEquals(List.of(), missing, "routes missing from openapi.yaml");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOperationHasItsOwnOperationIdForClientGenerators() throws Exception {
    Map<String, Object> doc;
    try (java.io.InputStream in = OpenApiHandler.class.getResourceAsStream("openapi.yaml")) {
      doc = new Yaml().load(in);
    }
    List<String> missing = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    List<String> twice = new ArrayList<>();
    int operations = 0;
    for (Map.Entry<String, Object> path : ((Map<String, Object>) doc.get("paths")).entrySet()) {
      for (Map.Entry<String, Object> item : ((Map<String, Object>) path.getValue()).entrySet()) {
        if (!List.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(item.getKey())) {
          continue;
        }
        operations++;
        Object id = ((Map<String, Object>) item.getValue()).get("operationId");
        if (!(id instanceof String s) || s.isBlank()) {
          missing.add(item.getKey() + " " + path.getKey());
        } else if (!ids.add(s)) {
          twice.add(s);
        }
      }
    }
    assertTrue(operations >= 14, "operations found: " + operations);
    assertEquals(List.of(), missing, "operations without an operationId");
    assertEquals(List.of(), twice, "operationIds used twice");
  }
}
