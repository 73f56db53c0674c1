package dev.plat.cluster.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretDataTest {

  @Test
  void takesKeysThatAreFileNames() {
    Map<String, byte[]> values = SecretData.values(new JsonObject().put("password", "pw").put("tls.crt", "c")
      .put("A_b-1", ""));
    assertEquals(List.of("A_b-1", "password", "tls.crt"), List.copyOf(values.keySet()));
    assertArrayEquals("pw".getBytes(StandardCharsets.UTF_8), values.get("password"));
  }

  @Test
  void refusesKeysThatAreNotFileNamesNamingTheField() {
    for (String key : List.of("..", ".", "a/b", "a..b", "", "x y", "ä")) {
      PlatError e = assertThrows(PlatError.class, () -> SecretData.values(new JsonObject().put(key, "v")), key);
      assertEquals(400, e.status());
      assertEquals("bad_secret_data", e.code());
    }
    assertTrue(SecretData.isValidKey("a.b"));
  }

  @Test
  void refusesNonStringValuesEmptyDataAndTooMuchWithoutQuotingAValue() {
    PlatError notText = assertThrows(PlatError.class, () -> SecretData.values(new JsonObject().put("k", 1)));
    assertTrue(notText.getMessage().contains("data.k"), notText.getMessage());
    assertThrows(PlatError.class, () -> SecretData.values(new JsonObject()));
    assertThrows(PlatError.class, () -> SecretData.values("text"));
    String big = "s3cret".repeat(SecretData.MAX_BYTES / 6 + 1);
    PlatError tooBig = assertThrows(PlatError.class, () -> SecretData.values(new JsonObject().put("k", big)));
    assertEquals("secret_too_large", tooBig.code());
    assertTrue(tooBig.getMessage().contains("data"));
    assertFalse(tooBig.getMessage().contains("s3cret"));
    SecretData.values(new JsonObject().put("k", "x".repeat(SecretData.MAX_BYTES)));
  }

  @Test
  void namesAreDnsLabels() {
    assertEquals("db", SecretData.requireValidName("db"));
    assertEquals("bad_secret_name", assertThrows(PlatError.class, () -> SecretData.requireValidName("Db")).code());
    assertEquals("bad_secret_name", assertThrows(PlatError.class, () -> SecretData.requireValidName(null)).code());
  }

  @Test
  void aFunctionSpecListsSecretNames() {
    FunctionSpec spec = new FunctionSpec(new JsonObject().put("name", "f").put("runtime", "python-flask")
      .put("secrets", new JsonArray().add("db").add("api")));
    assertEquals(List.of("api", "db"), spec.secrets());
    assertEquals(new JsonArray().add("api").add("db"), spec.toJson().getJsonArray("secrets"));
    assertEquals(spec, new FunctionSpec(spec.toJson()));
    PlatError e = assertThrows(PlatError.class, () -> new FunctionSpec(new JsonObject().put("name", "f")
      .put("secrets", new JsonArray().add("Bad/name"))));
    assertEquals("bad_secrets", e.code());
    assertEquals("bad_secrets", assertThrows(PlatError.class, () -> new FunctionSpec(new JsonObject()
      .put("secrets", "db"))).code());
  }

  @Test
  void base64ValuesAreAnyBytesAndTextStaysTheDefault() {
    byte[] random = new byte[4096];
    new java.util.Random(7).nextBytes(random);
    Map<String, byte[]> values = SecretData.values(new JsonObject().put("der", java.util.Base64.getEncoder()
      .encodeToString(random)), "base64");
    assertArrayEquals(random, values.get("der"));
    assertArrayEquals("ü".getBytes(StandardCharsets.UTF_8), SecretData.values(new JsonObject().put("k", "ü"), "utf-8").get("k"));
    assertArrayEquals("w6w=".getBytes(StandardCharsets.UTF_8), SecretData.values(new JsonObject().put("k", "w6w="), null).get("k"));

    PlatError notBase64 = assertThrows(PlatError.class, () -> SecretData.values(new JsonObject().put("k", "s3cret!*"), "base64"));
    assertEquals("bad_secret_data", notBase64.code());
    assertTrue(notBase64.getMessage().contains("data.k"), notBase64.getMessage());
    assertFalse(notBase64.getMessage().contains("s3cret"));
    PlatError encoding = assertThrows(PlatError.class, () -> SecretData.values(new JsonObject().put("k", "v"), "hex"));
    assertTrue(encoding.getMessage().contains("encoding"), encoding.getMessage());
    byte[] big = new byte[SecretData.MAX_BYTES + 1];
    assertEquals("secret_too_large", assertThrows(PlatError.class, () -> SecretData.values(new JsonObject()
      .put("k", java.util.Base64.getEncoder().encodeToString(big)), "base64")).code(), "the limit counts decoded bytes");
  }

  @Test
  void aFunctionSpecKeepsSecretEnvReferencesAndCountsTheirSecretsAsUsed() {
    FunctionSpec spec = new FunctionSpec(new JsonObject().put("name", "f").put("runtime", "python-flask")
      .put("secrets", new JsonArray().add("tls")).put("secretEnv", new JsonObject().put("DB_PASSWORD", "db/password")));
    assertEquals(Map.of("DB_PASSWORD", "db/password"), spec.secretEnv());
    assertEquals(new java.util.TreeSet<>(List.of("db", "tls")), spec.secretsUsed());
    assertEquals(spec, new FunctionSpec(spec.toJson()));
    assertEquals(spec.secretEnv(), spec.withSecrets(List.of(), 5).secretEnv(), "withSecrets keeps secretEnv");
    assertEquals(Map.of(), new FunctionSpec(new JsonObject().put("name", "f")).secretEnv());
    assertEquals("bad_secret_env", assertThrows(PlatError.class, () -> new FunctionSpec(new JsonObject()
      .put("secretEnv", new JsonArray()))).code());
  }
}
