package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static dev.plat.gateway.GatewayHarness.INVOKER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.SecretCipher;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.RegistryLogin;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The JSON deploy of your own image and the registry credentials routes, against a fake controller. */
@ExtendWith(VertxExtension.class)
class ImageRoutesTest {
  private static final String PASSWORD = "hunter2-registry";
  private static final String DIGEST = "sha256:" + "c".repeat(64);
  private GatewayHarness gateway;
  private FakeRole controller;
  private Path dataDir;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    this.dataDir = dataDir;
    gateway = GatewayHarness.start(vertx, dataDir);
    controller = new FakeRole(vertx, Names.Address.CONTROLLER)
      .on(Actions.Controller.DEPLOY, body -> {
        JsonObject spec = body.getJsonObject("spec");
        if (spec.getString("image").contains("private")) {
          throw new PlatError(422, "image_pull_failed", "image could not be pulled: no basic auth credentials");
        }
        return new JsonObject().put("name", spec.getString("name")).put("version", 1).put("image", spec.getString("image"))
          .put("digest", DIGEST);
      })
      .on(Actions.Controller.REGISTRY_PUT, body -> new JsonObject().put("host", body.getString("host"))
        .put("createdAt", 1).put("updatedAt", 1))
      .on(Actions.Controller.REGISTRY_LIST, body -> new JsonObject().put("registries", new JsonArray()))
      .on(Actions.Controller.REGISTRY_DELETE, body -> new JsonObject().put("host", body.getString("host")).put("deleted", true));
  }

  private GatewayHarness.Response postJson(String uri, JsonObject body, String token) {
    RequestOptions options = gateway.options(HttpMethod.POST, uri, token).putHeader("Content-Type", "application/json");
    return gateway.call(options, req -> req.send(body.toBuffer()));
  }

  private static JsonObject deploy(String name, Object image) {
    return new JsonObject().put("spec", new JsonObject().put("name", name).put("runtime", "python-flask").put("image", image));
  }

  @Test
  void aJsonDeployOfAnImageIs201WithItsDigestAndTheRuntimeIsImage() {
    GatewayHarness.Response deployed = postJson("/api/functions", deploy("own", "127.0.0.1:5001/team/hello:v1"), DEPLOYER);

    assertEquals(201, deployed.status(), deployed.text());
    assertEquals(DIGEST, deployed.json().getString("digest"));
    assertEquals("/api/functions/own", deployed.json().getJsonObject("links").getString("function"));
    JsonObject spec = controller.only().body().getJsonObject("spec");
    assertEquals("image", spec.getString("runtime"));
    assertEquals("127.0.0.1:5001/team/hello:v1", spec.getString("image"));
    assertFalse(controller.only().body().containsKey("upload"), "no zip");
  }

  @Test
  void aMalformedReferenceIs400NamingSpecImageAndNeverReachesTheController() {
    GatewayHarness.Response bad = postJson("/api/functions", deploy("own", "Team//X"), DEPLOYER);
    assertEquals(400, bad.status(), bad.text());
    assertEquals("bad_image", bad.json().getString("code"));
    assertTrue(bad.json().getString("error").startsWith("spec.image"), bad.text());

    GatewayHarness.Response missing = postJson("/api/functions", new JsonObject().put("spec", new JsonObject()
      .put("name", "own")), DEPLOYER);
    assertEquals("bad_image", missing.json().getString("code"));
    GatewayHarness.Response noSpec = postJson("/api/functions", new JsonObject(), DEPLOYER);
    assertEquals("bad_spec", noSpec.json().getString("code"));
    assertTrue(controller.requests.isEmpty());
  }

  @Test
  void aPullFailureIsPassedOnAs422() {
    GatewayHarness.Response refused = postJson("/api/functions", deploy("own", "127.0.0.1:5001/private/x:1"), DEPLOYER);
    assertEquals(422, refused.status(), refused.text());
    assertEquals("image_pull_failed", refused.json().getString("code"));
  }

  @Test
  void aLoginIsSealedBeforeItLeavesTheGatewayAndNeverAnswered() {
    RequestOptions put = gateway.options(HttpMethod.PUT, "/api/registries/127.0.0.1:5001", DEPLOYER);
    GatewayHarness.Response stored = gateway.call(put, req -> req.send(new JsonObject().put("username", "alice")
      .put("password", PASSWORD).toBuffer()));

    assertEquals(200, stored.status(), stored.text());
    assertFalse(stored.text().contains(PASSWORD));
    JsonObject sent = controller.only().body();
    assertEquals("127.0.0.1:5001", sent.getString("host"));
    assertFalse(sent.encode().contains(PASSWORD), "only sealed values reach the controller");
    assertFalse(sent.encode().contains("alice"), "the user name is sealed too");
    assertArrayEquals(PASSWORD.getBytes(StandardCharsets.UTF_8), SecretCipher.of(dataDir)
      .open(RegistryLogin.sealName("127.0.0.1:5001"), "password", sent.getJsonObject("data").getString("password")));
  }

  @Test
  void badLoginsAre400AndAnInvokerMayNotTouchThem() {
    GatewayHarness.Response badHost = gateway.call(gateway.options(HttpMethod.PUT, "/api/registries/a%20b", DEPLOYER),
      req -> req.send(new JsonObject().put("username", "u").put("password", PASSWORD).toBuffer()));
    assertEquals(400, badHost.status(), badHost.text());
    assertEquals("bad_registry", badHost.json().getString("code"));
    GatewayHarness.Response noPassword = gateway.call(gateway.options(HttpMethod.PUT, "/api/registries/h.example.com",
      DEPLOYER), req -> req.send(new JsonObject().put("username", "u").toBuffer()));
    assertEquals("bad_password", noPassword.json().getString("code"));
    assertEquals(403, gateway.call(HttpMethod.GET, "/api/registries", INVOKER).status());
    assertTrue(controller.requests.isEmpty());
    assertEquals(200, gateway.call(HttpMethod.GET, "/api/registries", DEPLOYER).status());
    assertEquals(200, gateway.call(HttpMethod.DELETE, "/api/registries/h.example.com", DEPLOYER).status());
  }
}
