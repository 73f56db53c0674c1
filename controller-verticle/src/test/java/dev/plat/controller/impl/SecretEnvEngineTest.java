package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.SecretCipher;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node opens secret env values into the container's environment; a value never shows in an error. */
class SecretEnvEngineTest {
  private final Vertx vertx = Vertx.vertx();
  private final SecretCipher cipher = SecretCipher.of(key());
  private final FakeContainerEngine fake = new FakeContainerEngine();

  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  @AfterEach
  void close() {
    vertx.close();
  }

  private JsonObject ref(String secret, String key, byte[] value) {
    return new JsonObject().put("secret", secret).put("key", key).put("sealed", cipher.seal(secret, key, value));
  }

  @Test
  void opensTheValuesIntoTheEnvironment() throws Exception {
    SecretEnvEngine engine = new SecretEnvEngine(fake, vertx, () -> cipher);
    ContainerSpec spec = ContainerSpec.builder("img").env("A", "1").build();
    JsonObject sealed = new JsonObject().put("DB_PASSWORD", ref("db", "password", "s3cr3t ü".getBytes(StandardCharsets.UTF_8)));

    String id = engine.run(spec, sealed).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertEquals(Map.of("A", "1", "DB_PASSWORD", "s3cr3t ü"), fake.containers.get(id).spec.env());
    String plain = engine.run(spec, new JsonObject()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(Map.of("A", "1"), fake.containers.get(plain).spec.env());
  }

  @Test
  void aBinaryValueOrAnotherKeyFailsWithoutTheValue() {
    JsonObject binary = new JsonObject().put("CERT", ref("tls", "der", new byte[] {(byte) 0xff, 0, 'x', 'y', 'z'}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretEnvEngine.open(binary, cipher));
    assertTrue(e.getMessage().contains("tls/der") && e.getMessage().contains("CERT"), e.getMessage());
    assertFalse(e.getMessage().contains("xyz"));

    JsonObject nul = new JsonObject().put("X", ref("a", "b", "ab\0cd".getBytes(StandardCharsets.UTF_8)));
    assertThrows(IllegalArgumentException.class, () -> SecretEnvEngine.open(nul, cipher));

    JsonObject other = new JsonObject().put("X", ref("a", "b", "hunter2".getBytes(StandardCharsets.UTF_8)));
    SecurityException wrongKey = assertThrows(SecurityException.class,
      () -> SecretEnvEngine.open(other, SecretCipher.of(key())));
    assertTrue(wrongKey.getMessage().contains("a/b"), wrongKey.getMessage());
    assertFalse(wrongKey.getMessage().contains("hunter2"));
    assertTrue(fake.containers.isEmpty());
  }
}
