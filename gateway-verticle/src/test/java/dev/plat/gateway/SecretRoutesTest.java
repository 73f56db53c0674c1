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
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SecretRoutesTest {
  private static final String VALUE = "s3cret-value";
  private GatewayHarness gateway;
  private FakeRole controller;
  private Path dataDir;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    this.dataDir = dataDir;
    gateway = GatewayHarness.start(vertx, dataDir);
    controller = new FakeRole(vertx, Names.Address.CONTROLLER)
      .on(Actions.Controller.SECRET_PUT, body -> summary(body.getString("name")))
      .on(Actions.Controller.SECRET_LIST, body -> new JsonObject().put("secrets", new JsonArray().add(summary("db"))))
      .on(Actions.Controller.SECRET_DELETE, body -> {
        throw PlatError.conflict("secret_in_use", "secret 'db' is used by app");
      });
  }

  private static JsonObject summary(String name) {
    return new JsonObject().put("name", name).put("keys", new JsonArray().add("password")).put("createdAt", 1)
      .put("updatedAt", 2).put("functions", new JsonArray());
  }

  private static Buffer body(JsonObject json) {
    return json.toBuffer();
  }

  @Test
  void createSealsTheValuesBeforeTheyLeaveTheGateway() {
    JsonObject given = new JsonObject().put("name", "db").put("data", new JsonObject().put("password", VALUE));

    GatewayHarness.Response created = gateway.call(HttpMethod.POST, "/api/secrets", DEPLOYER, body(given));

    assertEquals(201, created.status(), created.text());
    assertEquals(summary("db"), created.json());
    JsonObject sent = controller.only().body();
    assertEquals(true, sent.getBoolean("create"));
    assertFalse(sent.encode().contains(VALUE), "only sealed values reach the controller");
    String sealed = sent.getJsonObject("data").getString("password");
    assertArrayEquals(VALUE.getBytes(StandardCharsets.UTF_8), SecretCipher.of(dataDir).open("db", "password", sealed));
  }

  @Test
  void base64ValuesAreSealedAsTheBytesTheyDecodeTo() {
    byte[] random = new byte[1024];
    new java.util.Random(3).nextBytes(random);
    JsonObject given = new JsonObject().put("name", "tls").put("encoding", "base64")
      .put("data", new JsonObject().put("key.der", java.util.Base64.getEncoder().encodeToString(random)));

    GatewayHarness.Response created = gateway.call(HttpMethod.POST, "/api/secrets", DEPLOYER, body(given));

    assertEquals(201, created.status(), created.text());
    String sealed = controller.only().body().getJsonObject("data").getString("key.der");
    assertArrayEquals(random, SecretCipher.of(dataDir).open("tls", "key.der", sealed));

    GatewayHarness.Response notBase64 = gateway.call(HttpMethod.PUT, "/api/secrets/tls", DEPLOYER,
      body(new JsonObject().put("encoding", "base64").put("data", new JsonObject().put("k", VALUE + "!"))));
    assertEquals(400, notBase64.status(), notBase64.text());
    assertTrue(notBase64.json().getString("error").contains("data.k"), notBase64.text());
    assertFalse(notBase64.text().contains(VALUE));
    GatewayHarness.Response badEncoding = gateway.call(HttpMethod.PUT, "/api/secrets/tls", DEPLOYER,
      body(new JsonObject().put("encoding", "hex").put("data", new JsonObject().put("k", VALUE))));
    assertEquals(400, badEncoding.status(), badEncoding.text());
    assertTrue(badEncoding.json().getString("error").contains("encoding"), badEncoding.text());
  }

  @Test
  void updateTakesTheNameFromThePath() {
    GatewayHarness.Response updated = gateway.call(HttpMethod.PUT, "/api/secrets/db", DEPLOYER,
      body(new JsonObject().put("data", new JsonObject().put("password", VALUE))));

    assertEquals(200, updated.status(), updated.text());
    assertEquals("db", controller.only().body().getString("name"));
    assertEquals(false, controller.only().body().getBoolean("create"));
  }

  @Test
  void badInputIs400NamingTheFieldAndQuotingNoValue() {
    GatewayHarness.Response badKey = gateway.call(HttpMethod.POST, "/api/secrets", DEPLOYER,
      body(new JsonObject().put("name", "db").put("data", new JsonObject().put("../x", VALUE))));
    assertEquals(400, badKey.status());
    assertEquals("bad_secret_data", badKey.json().getString("code"));
    assertFalse(badKey.text().contains(VALUE));

    GatewayHarness.Response badName = gateway.call(HttpMethod.POST, "/api/secrets", DEPLOYER,
      body(new JsonObject().put("name", "DB").put("data", new JsonObject().put("k", VALUE))));
    assertEquals("bad_secret_name", badName.json().getString("code"));

    String big = VALUE.repeat(70 * 1024 / VALUE.length());
    GatewayHarness.Response tooBig = gateway.call(HttpMethod.POST, "/api/secrets", DEPLOYER,
      body(new JsonObject().put("name", "db").put("data", new JsonObject().put("k", big))));
    assertEquals(400, tooBig.status());
    assertEquals("secret_too_large", tooBig.json().getString("code"));
    assertFalse(tooBig.text().contains(VALUE));

    GatewayHarness.Response notJson = gateway.call(HttpMethod.POST, "/api/secrets", DEPLOYER, Buffer.buffer("{\"x\":"));
    assertEquals("bad_json", notJson.json().getString("code"));
    assertTrue(controller.requests.isEmpty());
  }

  @Test
  void listsAndPassesTheControllers409Through() {
    assertEquals(summary("db"), gateway.call(HttpMethod.GET, "/api/secrets", DEPLOYER).json()
      .getJsonArray("secrets").getJsonObject(0));
    GatewayHarness.Response inUse = gateway.call(HttpMethod.DELETE, "/api/secrets/db", DEPLOYER);
    assertEquals(409, inUse.status());
    assertEquals("secret_in_use", inUse.json().getString("code"));
  }

  @Test
  void anInvokerTokenMayNotTouchSecrets() {
    assertEquals(403, gateway.call(HttpMethod.GET, "/api/secrets", INVOKER).status());
    assertEquals(403, gateway.call(HttpMethod.POST, "/api/secrets", INVOKER,
      body(new JsonObject().put("name", "db").put("data", new JsonObject().put("k", "v")))).status());
    assertEquals(401, gateway.call(HttpMethod.GET, "/api/secrets", null).status());
    assertTrue(controller.requests.isEmpty());
  }
}
