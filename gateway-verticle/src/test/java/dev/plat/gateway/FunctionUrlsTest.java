package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.gateway.api.FunctionUrls;
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

/** The function URLs the API answers are the answering gateway's, not those of the controller's node. */
@ExtendWith(VertxExtension.class)
class FunctionUrlsTest {
  private GatewayHarness gateway;

  /** A status as a controller on another node (port 18090) makes it. */
  private static JsonObject status(String name, String project, String service) {
    JsonObject status = new JsonObject().put("name", name).put("state", "ready");
    if (project != null) {
      status.put("project", project).put("service", service)
        .put("url", "http://" + project + "-" + service + ".platform.test:18090/");
    } else {
      status.put("url", "http://10.1.2.3:18090/function/" + name);
    }
    return status;
  }

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir, null, Map.of(ConfigKey.BASE_DOMAIN, "platform.test"));
    new FakeRole(vertx, Names.Address.CONTROLLER)
      .on(Actions.Controller.GET, body -> status(body.getString("name"), null, null))
      .on(Actions.Controller.START, body -> status(body.getString("name"), "shop", "cart"))
      .on(Actions.Controller.LIST, body -> new JsonObject().put("functions",
        new JsonArray().add(status("a", null, null)).add(status("b", "shop", "cart"))));
  }

  @Test
  void getListAndStartAnswerThisGatewaysUrls() {
    String base = "http://127.0.0.1:" + gateway.port;
    GatewayHarness.Response one = gateway.call(HttpMethod.GET, "/api/functions/hello", ADMIN);
    assertEquals(200, one.status(), one.text());
    assertEquals(base + "/function/hello", one.json().getString("url"));

    GatewayHarness.Response list = gateway.call(HttpMethod.GET, "/api/functions", ADMIN);
    JsonArray functions = list.json().getJsonArray("functions");
    assertEquals(base + "/function/a", functions.getJsonObject(0).getString("url"));
    assertEquals("http://shop-cart.platform.test:" + gateway.port + "/", functions.getJsonObject(1).getString("url"));

    GatewayHarness.Response started = gateway.call(HttpMethod.POST, "/api/functions/b/start", ADMIN);
    assertEquals("http://shop-cart.platform.test:" + gateway.port + "/", started.json().getString("url"));
  }

  @Test
  void aGatewayServingHttpsAnswersHttpsUrls() {
    FunctionUrls urls = new FunctionUrls("https", "127.0.0.1", () -> 8443, "platform.test");
    assertEquals("https://127.0.0.1:8443/function/a", urls.url("a", null, null));
    assertEquals("https://shop-cart.platform.test:8443/", urls.url("b", "shop", "cart"));
  }
}
