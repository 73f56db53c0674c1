package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.Bind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private final Harness h = new Harness().start();

  private JsonObject put(String name, String sealed, boolean create) {
    return h.call(Actions.Controller.SECRET_PUT, new JsonObject().put("name", name)
      .put("data", new JsonObject().put("password", sealed)).put("create", create));
  }

  private JsonObject withSecrets(String name, String... secrets) {
    return Harness.spec(name).put("secrets", new JsonArray(List.of(secrets)));
  }

  @Test
  void aSecretIsListedWithItsKeysAndUsersButNoValue() {
    JsonObject created = put("db", "SEALED-1", true);
    assertEquals(new JsonArray().add("password"), created.getJsonArray("keys"));
    h.deploy(withSecrets("app", "db"));

    JsonObject list = h.call(Actions.Controller.SECRET_LIST, new JsonObject());

    JsonObject db = list.getJsonArray("secrets").getJsonObject(0);
    assertEquals("db", db.getString("name"));
    assertEquals(new JsonArray().add("app"), db.getJsonArray("functions"));
    assertFalse(list.encode().contains("SEALED-1"), list.encode());
    assertFalse(h.get("app").encode().contains("SEALED-1"));
    assertTrue(h.storedSecrets.get("db").contains("SEALED-1"), "the store keeps the sealed value");
  }

  @Test
  void createTwiceIs409AndUpdatingAMissingOneIs404() {
    put("db", "S", true);
    assertEquals(409, assertThrows(PlatError.class, () -> put("db", "S", true)).status());
    assertEquals(404, assertThrows(PlatError.class, () -> put("nope", "S", false)).status());
  }

  @Test
  void deployingOrPatchingWithAMissingSecretIs400NamingIt() {
    PlatError deploy = assertThrows(PlatError.class, () -> h.deploy(withSecrets("app", "db")));
    assertEquals(400, deploy.status());
    assertEquals("secret_not_found", deploy.code());
    assertTrue(deploy.getMessage().contains("'db'"), deploy.getMessage());

    h.deploy("app");
    PlatError patch = assertThrows(PlatError.class, () -> h.call(Actions.Controller.PATCH, new JsonObject()
      .put("name", "app").put("changes", new JsonObject().put("secrets", new JsonArray().add("db")))));
    assertEquals("secret_not_found", patch.code());
  }

  @Test
  void anInstanceGetsItsSealedSecretsMountedReadOnly() {
    put("db", "SEALED-1", true);
    h.deploy(withSecrets("app", "db"));

    FakeContainerEngine.Fake container = h.engine.containers.values().iterator().next();
    String instance = container.labels.get(dev.plat.cluster.Names.Label.INSTANCE);
    assertEquals(new JsonObject().put("db", new JsonObject().put("password", "SEALED-1")), h.dirs.secrets.get(instance));
    Bind mount = container.spec.binds().stream().filter(b -> b.containerPath().equals("/run/secrets")).findFirst()
      .orElseThrow();
    assertEquals(h.dirs.secretsFolder(instance), mount.hostPath());
    assertTrue(mount.readOnly());
    assertFalse(container.spec.toJson().encode().contains("SEALED-1"), "no value in the container's spec");
  }

  @Test
  void rotatingASecretRollsTheFunctionsThatUseIt() {
    put("db", "SEALED-1", true);
    h.deploy(withSecrets("app", "db"));
    h.deploy("other");
    String oldApp = h.routes("app").get(0).instance();
    String oldOther = h.routes("other").get(0).instance();

    put("db", "SEALED-2", false);

    String newApp = h.routes("app").get(0).instance();
    assertNotEquals(oldApp, newApp, "app runs a new instance");
    assertEquals(1, h.routes("app").size());
    assertEquals(new JsonObject().put("db", new JsonObject().put("password", "SEALED-2")), h.dirs.secrets.get(newApp));
    assertFalse(h.dirs.secrets.containsKey(oldApp), "the old instance's secrets are gone with it");
    assertEquals(oldOther, h.routes("other").get(0).instance(), "a function without it is left alone");
  }

  @Test
  void aSecretInUseCannotBeDeleted() {
    put("db", "S", true);
    h.deploy(withSecrets("app", "db"));

    PlatError e = assertThrows(PlatError.class, () -> h.call(Actions.Controller.SECRET_DELETE,
      new JsonObject().put("name", "db")));
    assertEquals(409, e.status());
    assertEquals("secret_in_use", e.code());
    assertTrue(e.getMessage().contains("app"));

    h.call(Actions.Controller.PATCH, new JsonObject().put("name", "app")
      .put("changes", new JsonObject().put("secrets", new JsonArray())));
    assertEquals(true, h.call(Actions.Controller.SECRET_DELETE, new JsonObject().put("name", "db")).getBoolean("deleted"));
    assertTrue(h.storedSecrets.isEmpty());
  }

  @Test
  void aNewLeaderLoadsTheSecrets() {
    put("db", "S", true);
    Harness next = new Harness(h);
    next.storedSecrets.putAll(h.storedSecrets);
    next.start();
    assertEquals(1, next.call(Actions.Controller.SECRET_LIST, new JsonObject()).getJsonArray("secrets").size());
  }
}
