package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class FunctionRoutesTest {
  private GatewayHarness gateway;
  private FakeRole controller;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    gateway = GatewayHarness.start(vertx, dataDir);
    controller = new FakeRole(vertx, Names.Address.CONTROLLER)
      .on(Actions.Controller.LIST, body -> new JsonObject().put("functions", new JsonArray().add(status("hello"))))
      .on(Actions.Controller.GET, body -> {
        if (!body.getString("name").equals("hello")) {
          throw PlatError.notFound("function_not_found", "no function '" + body.getString("name") + "'");
        }
        return status("hello");
      })
      .on(Actions.Controller.PATCH, body -> status(body.getString("name")).put("env", body.getJsonObject("changes").getJsonObject("env")))
      .on(Actions.Controller.DELETE, body -> new JsonObject().put("name", body.getString("name")).put("deleted", true))
      .on(Actions.Controller.START, body -> status(body.getString("name")).put("state", "running"))
      .on(Actions.Controller.STOP, body -> status(body.getString("name")).put("state", "stopped"));
  }

  @Test
  void listsTheControllersFunctions() {
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/functions", DEPLOYER);
    assertEquals(200, response.status());
    assertEquals("application/json", response.headers().get("Content-Type"));
    assertEquals(new JsonObject().put("functions", new JsonArray().add(status("hello"))), response.json());
    assertEquals(new FakeRole.Request(Actions.Controller.LIST, new JsonObject()), controller.only());
  }

  @Test
  void getsOneFunctionAndPassesTheControllers404Through() {
    assertEquals(status("hello"), gateway.call(HttpMethod.GET, "/api/functions/hello", DEPLOYER).json());
    GatewayHarness.Response missing = gateway.call(HttpMethod.GET, "/api/functions/nope", DEPLOYER);
    assertEquals(404, missing.status());
    assertEquals(new JsonObject().put("error", "no function 'nope'").put("code", "function_not_found"), missing.json());
  }

  @Test
  void patchesWithTheChangesOfTheJsonBody() {
    JsonObject changes = new JsonObject().put("env", new JsonObject().put("X", "y"));
    GatewayHarness.Response response = gateway.call(HttpMethod.PATCH, "/api/functions/hello", DEPLOYER, changes.toBuffer());
    assertEquals(200, response.status());
    assertEquals(new FakeRole.Request(Actions.Controller.PATCH, new JsonObject().put("name", "hello").put("changes", changes)),
      controller.only());

    GatewayHarness.Response bad = gateway.call(HttpMethod.PATCH, "/api/functions/hello", DEPLOYER, Buffer.buffer("[1"));
    assertEquals(400, bad.status());
    assertEquals("bad_json", bad.json().getString("code"));
  }

  @Test
  void deletesWithOrWithoutTheImage() {
    assertEquals(200, gateway.call(HttpMethod.DELETE, "/api/functions/hello", DEPLOYER).status());
    assertEquals(200, gateway.call(HttpMethod.DELETE, "/api/functions/hello?image=true", DEPLOYER).status());
    assertEquals(false, controller.requests.get(0).body().getBoolean("removeImage"));
    assertEquals(true, controller.requests.get(1).body().getBoolean("removeImage"));
    assertEquals(Actions.Controller.DELETE, controller.requests.get(1).action());
  }

  @Test
  void startsAndStops() {
    assertEquals("running", gateway.call(HttpMethod.POST, "/api/functions/hello/start", DEPLOYER).json().getString("state"));
    assertEquals("stopped", gateway.call(HttpMethod.POST, "/api/functions/hello/stop", DEPLOYER).json().getString("state"));
    assertEquals(Actions.Controller.START, controller.requests.get(0).action());
    assertEquals(Actions.Controller.STOP, controller.requests.get(1).action());
    assertEquals(new JsonObject().put("name", "hello"), controller.requests.get(1).body());
  }

  @Test
  void aBadNameInThePathIs400WithoutAskingTheController() {
    for (String uri : new String[] {"/api/functions/Hello", "/api/functions/-x/start", "/api/functions/a_b/logs"}) {
      GatewayHarness.Response response = gateway.call(method(uri), uri, DEPLOYER);
      assertEquals(400, response.status(), uri);
      assertEquals("bad_name", response.json().getString("code"), uri);
    }
    assertTrue(controller.requests.isEmpty());
  }

  @Test
  void anUnknownApiRouteIsAJson404AndAWrongMethodAJson405() {
    GatewayHarness.Response unknown = gateway.call(HttpMethod.GET, "/api/nothing-here", DEPLOYER);
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.json().getString("code"));

    GatewayHarness.Response wrongMethod = gateway.call(HttpMethod.PUT, "/api/functions/hello", DEPLOYER);
    assertEquals(405, wrongMethod.status());
    assertEquals("method_not_allowed", wrongMethod.json().getString("code"));
  }

  @Test
  void noControllerOnTheBusIs503RoleUnavailable() {
    controller.close();
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/functions", DEPLOYER);
    assertEquals(503, response.status());
    assertEquals("role_unavailable", response.json().getString("code"));
  }

  private static HttpMethod method(String uri) {
    return uri.endsWith("/start") ? HttpMethod.POST : HttpMethod.GET;
  }

  private static JsonObject status(String name) {
    return new JsonObject().put("name", name).put("runtime", "python-flask").put("version", 1).put("state", "running");
  }
}
