package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ListByLabelTest {
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir);
    new FakeRole(vertx, Names.Address.CONTROLLER).on(Actions.Controller.LIST, body -> new JsonObject()
      .put("functions", new JsonArray()
        .add(fn("cart", new JsonObject().put("team", "shop").put("tier", "front")))
        .add(fn("stock", new JsonObject().put("team", "shop")))
        .add(fn("mail", new JsonObject().put("team", "ops")))
        .add(fn("old", null))));
  }

  private static JsonObject fn(String name, JsonObject labels) {
    JsonObject fn = new JsonObject().put("name", name).put("runtime", "python-flask").put("state", "ready");
    return labels == null ? fn : fn.put("labels", labels);
  }

  private List<String> names(String query) {
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/functions" + query, DEPLOYER);
    assertEquals(200, response.status(), response::text);
    List<String> names = new ArrayList<>();
    response.json().getJsonArray("functions").forEach(f -> names.add(((JsonObject) f).getString("name")));
    return names;
  }

  @Test
  void onlyFunctionsWhoseLabelsMatchEverySelectorAreListed() {
    assertEquals(List.of("cart", "stock", "mail", "old"), names(""));
    assertEquals(List.of("cart", "stock"), names("?label=team=shop"));
    assertEquals(List.of("cart"), names("?label=team=shop&label=tier"));
    assertEquals(List.of("cart", "stock", "mail"), names("?label=team"));
    assertEquals(List.of(), names("?label=team=nobody"));
    assertEquals(List.of("cart", "stock"), names("?label=team%3Dshop"));
  }

  @Test
  void aMalformedSelectorIs400NamingIt() {
    for (String bad : List.of("=shop", "team=a%20b", "-x", "team==shop")) {
      GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/functions?label=" + bad, DEPLOYER);
      assertEquals(400, response.status(), bad);
      assertEquals("bad_label_selector", response.json().getString("code"), bad);
      assertEquals(true, response.json().getString("error").startsWith("label "), response.json()::encode);
    }
  }
}
