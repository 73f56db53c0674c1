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

  private JsonObject withSecretEnv(String name, JsonObject secretEnv) {
    return Harness.spec(name).put("secretEnv", secretEnv);
  }

  @Test
  void secretEnvReachesTheEngineSealedAndCountsAsAUse() {
    put("db", "SEALED-1", true);
    h.deploy(withSecretEnv("app", new JsonObject().put("DB_PASSWORD", "db/password")));

    FakeContainerEngine.Fake container = h.engine.containers.values().iterator().next();
    assertEquals(new JsonObject().put("DB_PASSWORD", new JsonObject().put("secret", "db").put("key", "password")
      .put("sealed", "SEALED-1")), h.engine.sealedEnv.get(container.id));
    assertFalse(container.spec.env().containsKey("DB_PASSWORD"), "the controller never holds the plain value");
    assertTrue(container.spec.binds().stream().noneMatch(b -> b.containerPath().equals("/run/secrets")),
      "env only: no files");
    assertTrue(h.get("app").encode().contains("\"secretEnv\":{\"DB_PASSWORD\":\"db/password\"}"), h.get("app").encode());
    assertFalse(h.get("app").encode().contains("SEALED-1"));
    JsonObject db = h.call(Actions.Controller.SECRET_LIST, new JsonObject()).getJsonArray("secrets").getJsonObject(0);
    assertEquals(new JsonArray().add("app"), db.getJsonArray("functions"));

    PlatError delete = assertThrows(PlatError.class, () -> h.call(Actions.Controller.SECRET_DELETE,
      new JsonObject().put("name", "db")));
    assertEquals("secret_in_use", delete.code());

    String old = h.routes("app").get(0).instance();
    put("db", "SEALED-2", false);
    String rolled = h.routes("app").get(0).instance();
    assertNotEquals(old, rolled, "a rotation rolls a function that reads the secret as env");
    FakeContainerEngine.Fake next = h.engine.containers.values().stream()
      .filter(c -> rolled.equals(c.labels.get(dev.plat.cluster.Names.Label.INSTANCE))).findFirst().orElseThrow();
    assertEquals("SEALED-2", h.engine.sealedEnv.get(next.id).getJsonObject("DB_PASSWORD").getString("sealed"));

    PlatError dropped = assertThrows(PlatError.class, () -> h.call(Actions.Controller.SECRET_PUT, new JsonObject()
      .put("name", "db").put("data", new JsonObject().put("user", "SEALED-3")).put("create", false)));
    assertEquals(409, dropped.status());
    assertEquals("secret_key_in_use", dropped.code());
    assertTrue(dropped.getMessage().contains("secretEnv.DB_PASSWORD"), dropped.getMessage());
  }

  @Test
  void badSecretEnvIs400NamingTheField() {
    put("db", "S", true);
    record Case(JsonObject secretEnv, JsonObject env, String code, String field) { }
    List<Case> cases = List.of(
      new Case(new JsonObject().put("DB", "nope/password"), null, "secret_not_found", "secretEnv.DB"),
      new Case(new JsonObject().put("DB", "db/user"), null, "secret_key_not_found", "secretEnv.DB"),
      new Case(new JsonObject().put("1DB", "db/password"), null, "bad_secret_env", "'1DB'"),
      new Case(new JsonObject().put("DB", "db"), null, "bad_secret_env", "secretEnv.DB"),
      new Case(new JsonObject().put("DB", "db/../x"), null, "bad_secret_env", "secretEnv.DB"),
      new Case(new JsonObject().put("PLAT_X", "db/password"), null, "bad_secret_env", "secretEnv.PLAT_X"),
      new Case(new JsonObject().put("DB", "db/password"), new JsonObject().put("DB", "x"), "bad_secret_env", "secretEnv.DB"),
      new Case(new JsonObject().put("DB", 5), null, "bad_secret_env", "secretEnv.DB"));
    for (Case c : cases) {
      JsonObject spec = withSecretEnv("app", c.secretEnv());
      if (c.env() != null) {
        spec.put("env", c.env());
      }
      PlatError e = assertThrows(PlatError.class, () -> h.deploy(spec), c::toString);
      assertEquals(400, e.status(), c::toString);
      assertEquals(c.code(), e.code(), c::toString);
      assertTrue(e.getMessage().contains(c.field()), e.getMessage());
    }
    assertEquals("bad_secret_env", assertThrows(PlatError.class,
      () -> h.deploy(Harness.spec("app").put("secretEnv", "db/password"))).code());
  }

  @Test
  void patchingSecretEnvRollsAndNullClearsIt() {
    put("db", "S", true);
    h.deploy("app");
    String old = h.routes("app").get(0).instance();

    h.call(Actions.Controller.PATCH, new JsonObject().put("name", "app")
      .put("changes", new JsonObject().put("secretEnv", new JsonObject().put("DB_PASSWORD", "db/password"))));
    assertNotEquals(old, h.routes("app").get(0).instance(), "a new variable replaces the instances");

    h.call(Actions.Controller.PATCH, new JsonObject().put("name", "app")
      .put("changes", new JsonObject().putNull("secretEnv")));
    assertEquals(true, h.call(Actions.Controller.SECRET_DELETE, new JsonObject().put("name", "db")).getBoolean("deleted"));
  }
}
