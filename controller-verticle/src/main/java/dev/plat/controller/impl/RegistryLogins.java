package dev.plat.controller.impl;

import dev.plat.cluster.SecretCipher;
import dev.plat.cluster.api.ImageReference;
import dev.plat.cluster.api.RegistryLogin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Opens the credentials of a registry host on the node that pulls: the sealed record under
 * {@link RegistryLogin#entry} of the secrets store, opened with this node's {@link SecretCipher}
 * into the {@code X-Registry-Auth} JSON of the Docker Engine API. The answer goes to the docker
 * client only; it is never logged, and a failure to open names the host, never a value.
 */
final class RegistryLogins {
  private final Supplier<Future<Map<String, String>>> records;
  private final Supplier<Future<SecretCipher>> cipherLoader;
  private Future<SecretCipher> cipher;

  /**
   * @param records the secrets store's entries (name to record JSON text), read for each pull
   * @param cipher  reads this node's key (blocking work off the event loop), once
   */
  RegistryLogins(Supplier<Future<Map<String, String>>> records, Supplier<Future<SecretCipher>> cipher) {
    this.records = records;
    this.cipherLoader = cipher;
  }

  /** {@code {"username","password","serveraddress"}} for {@code host}, {@code null} when none is stored. */
  Future<JsonObject> auth(String host) {
    return records.get().compose(all -> {
      String text = all.get(RegistryLogin.entry(host));
      if (text == null) {
        return Future.succeededFuture(null);
      }
      SecretRecord record = new SecretRecord(new JsonObject(text));
      return cipher().map(c -> open(c, host, record));
    });
  }

  private synchronized Future<SecretCipher> cipher() {
    if (cipher == null || cipher.failed()) {
      cipher = cipherLoader.get();
    }
    return cipher;
  }

  /** The credentials of a record; a record that does not open fails naming the host only. */
  static JsonObject open(SecretCipher cipher, String host, SecretRecord record) {
    String name = RegistryLogin.sealName(host);
    try {
      return new JsonObject()
        .put("username", new String(cipher.open(name, RegistryLogin.USERNAME, record.sealed().get(RegistryLogin.USERNAME)),
          java.nio.charset.StandardCharsets.UTF_8))
        .put("password", new String(cipher.open(name, RegistryLogin.PASSWORD, record.sealed().get(RegistryLogin.PASSWORD)),
          java.nio.charset.StandardCharsets.UTF_8))
        .put("serveraddress", host);
    } catch (RuntimeException e) {
      throw new SecurityException("the stored credentials of registry " + host + " do not open with this node's key");
    }
  }

  /** The registry digest ({@code sha256:...}) among an image's {@code repoDigests} for {@code image}'s name. */
  static Future<String> digestOf(String image, List<String> repoDigests) {
    String name = ImageReference.parse(image).name();
    for (String d : repoDigests) {
      int at = d.indexOf('@');
      if (at > 0 && d.substring(0, at).equals(name)) {
        return Future.succeededFuture(d.substring(at + 1));
      }
    }
    return Future.failedFuture("image " + image + " has no registry digest (it was not pulled from a registry)");
  }
}
