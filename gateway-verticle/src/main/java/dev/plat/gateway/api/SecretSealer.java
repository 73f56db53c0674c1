package dev.plat.gateway.api;

import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.SecretCipher;
import dev.plat.cluster.api.RegistryLogin;
import dev.plat.cluster.api.SecretData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Seals secret values where they arrive, in the gateway, with this node's {@link SecretCipher}:
 * past this point only sealed values travel (to the controller, the store, the node that runs an
 * instance). The key is read (or generated) once, off the event loop, by {@link #load}.
 */
public final class SecretSealer {
  private final Vertx vertx;
  private final PlatConfig config;
  private Future<SecretCipher> cipher;

  public SecretSealer(Vertx vertx, PlatConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Reads the key; fails (naming the file, never the key) when it is unusable. */
  public synchronized Future<SecretCipher> load() {
    if (cipher == null || cipher.failed()) {
      cipher = vertx.executeBlocking(() -> SecretCipher.of(config), false);
    }
    return cipher;
  }

  /** {@code {key: sealed value}} of {@code values} of secret {@code name}. */
  Future<JsonObject> seal(String name, Map<String, byte[]> values) {
    return load().map(c -> {
      JsonObject sealed = new JsonObject();
      values.forEach((key, value) -> sealed.put(key, c.seal(SecretData.requireValidName(name), key, value)));
      return sealed;
    });
  }

  /** {@code {"username": sealed, "password": sealed}} of a registry host's credentials ({@link RegistryLogin}). */
  Future<JsonObject> sealLogin(String host, String username, String password) {
    String name = RegistryLogin.sealName(host);
    return load().map(c -> new JsonObject()
      .put(RegistryLogin.USERNAME, c.seal(name, RegistryLogin.USERNAME, username.getBytes(StandardCharsets.UTF_8)))
      .put(RegistryLogin.PASSWORD, c.seal(name, RegistryLogin.PASSWORD, password.getBytes(StandardCharsets.UTF_8))));
  }
}
