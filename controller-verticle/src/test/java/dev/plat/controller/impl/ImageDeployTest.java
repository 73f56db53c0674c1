package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.SecretCipher;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.RegistryLogin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deploys of the user's own image and the stored registry credentials, on the controller with fakes. */
class ImageDeployTest {
  private static final String REF = "127.0.0.1:5001/team/hello:v1";
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private final Harness h = new Harness().start();

  private JsonObject deployImage(String name, String image) {
    return h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", new JsonObject().put("name", name)
      .put("runtime", "python-flask").put("image", image)));
  }

  @Test
  void anImageDeployPinsTheDigestAndRunsByItWithoutABuild() {
    h.engine.digests.put(REF, DIGEST);

    JsonObject reply = deployImage("own", REF);

    assertEquals(1L, reply.getLong("version"));
    assertEquals(DIGEST, reply.getString("digest"));
    assertTrue(h.buildRequests.isEmpty(), "nothing is built");
    JsonObject fn = h.get("own");
    assertEquals("image", fn.getString("runtime"));
    assertEquals(REF, fn.getString("image"));
    assertEquals(DIGEST, fn.getString("digest"));
    assertTrue(h.engine.containers.values().stream()
      .anyMatch(c -> c.spec.image().equals("127.0.0.1:5001/team/hello@" + DIGEST)), "runs by digest");
  }

  @Test
  void anImageThatCannotBePulledIs422AndRegistersNothing() {
    PlatError e = assertThrows(PlatError.class, () -> deployImage("own", REF));
    assertEquals(422, e.status());
    assertEquals("image_pull_failed", e.code());
    assertTrue(e.getMessage().contains("plat registry login 127.0.0.1:5001"), e.getMessage());
    assertEquals(404, assertThrows(PlatError.class, () -> h.get("own")).status());
    // the version was not taken: the next deploy is v1
    h.engine.digests.put(REF, DIGEST);
    assertEquals(1L, deployImage("own", REF).getLong("version"));
  }

  @Test
  void aMalformedReferenceIs400NamingTheField() {
    PlatError e = assertThrows(PlatError.class, () -> deployImage("own", "Team//x"));
    assertEquals(400, e.status());
    assertEquals("bad_image", e.code());
    assertTrue(e.getMessage().startsWith("image"), e.getMessage());
  }

  @Test
  void versionsDroppedByTheGcNeverRemoveTheUsersImage() {
    for (int i = 1; i <= 12; i++) {
      String ref = "127.0.0.1:5001/team/hello:v" + i;
      h.engine.digests.put(ref, "sha256:" + String.format("%064d", i));
      deployImage("own", ref);
    }
    assertTrue(h.cleaned.stream().noneMatch(c -> c.startsWith("image ")), h.cleaned.toString());
  }

  @Test
  void registryLoginsAreStoredSealedListedWithoutCredentialsAndOpenOnThePullingNode() {
    SecretCipher cipher = SecretCipher.of(new byte[32]);
    String host = "127.0.0.1:5001";
    String name = RegistryLogin.sealName(host);
    JsonObject sealed = new JsonObject()
      .put("username", cipher.seal(name, "username", "alice".getBytes(StandardCharsets.UTF_8)))
      .put("password", cipher.seal(name, "password", "s3cret".getBytes(StandardCharsets.UTF_8)));

    JsonObject put = h.call(Actions.Controller.REGISTRY_PUT, new JsonObject().put("host", host).put("data", sealed));

    assertEquals(host, put.getString("host"));
    JsonObject list = h.call(Actions.Controller.REGISTRY_LIST, new JsonObject());
    assertEquals(host, list.getJsonArray("registries").getJsonObject(0).getString("host"));
    assertFalse(list.encode().contains(sealed.getString("password")), list.encode());
    assertTrue(h.call(Actions.Controller.SECRET_LIST, new JsonObject()).getJsonArray("secrets").isEmpty(),
      "a login is not listed as a secret");
    assertFalse(h.storedSecrets.toString().contains("s3cret"), "stored sealed");

    RegistryLogins logins = new RegistryLogins(() -> h.secretStore.load(), () -> Future.succeededFuture(cipher));
    JsonObject auth = logins.auth(host).result();
    assertEquals(new JsonObject().put("username", "alice").put("password", "s3cret").put("serveraddress", host), auth);
    assertNull(logins.auth("other.example.com").result());
    SecurityException wrongKey = assertThrows(SecurityException.class, () -> RegistryLogins.open(otherCipher(), host,
      new SecretRecord(new JsonObject(h.storedSecrets.get(RegistryLogin.entry(host))))));
    assertFalse(wrongKey.getMessage().contains("s3cret"));

    assertEquals(true, h.call(Actions.Controller.REGISTRY_DELETE, new JsonObject().put("host", host)).getBoolean("deleted"));
    assertTrue(h.call(Actions.Controller.REGISTRY_LIST, new JsonObject()).getJsonArray("registries").isEmpty());
    assertEquals(404, assertThrows(PlatError.class,
      () -> h.call(Actions.Controller.REGISTRY_DELETE, new JsonObject().put("host", host))).status());
    assertEquals(400, assertThrows(PlatError.class,
      () -> h.call(Actions.Controller.REGISTRY_PUT, new JsonObject().put("host", "http://x").put("data", sealed))).status());
  }

  @Test
  void theDigestIsTheOneOfTheImagesOwnRepository() {
    assertEquals(DIGEST, RegistryLogins.digestOf(REF, List.of("other/x@sha256:" + "b".repeat(64),
      "127.0.0.1:5001/team/hello@" + DIGEST)).result());
    assertTrue(RegistryLogins.digestOf(REF, List.of()).failed());
  }

  private static SecretCipher otherCipher() {
    byte[] key = new byte[32];
    key[0] = 1;
    return SecretCipher.of(key);
  }
}
