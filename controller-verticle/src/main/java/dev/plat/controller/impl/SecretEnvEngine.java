package dev.plat.controller.impl;

import dev.plat.cluster.SecretCipher;
import dev.plat.cluster.api.SecretData;
import dev.plat.controller.ContainerEngine;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The engine of the node that runs a container: opens the sealed values of a function's
 * {@code secretEnv} with this node's {@link SecretCipher} (off the event loop) and runs the
 * container with them as environment variables. A value that does not open, or is not UTF-8 text
 * without NUL bytes (an environment variable cannot hold it), fails the start naming the secret,
 * its key and the variable, never the value.
 */
final class SecretEnvEngine extends ForwardingEngine {
  private final Vertx vertx;
  private final Supplier<SecretCipher> cipherSource;
  private SecretCipher cipher;

  /** @param cipher this node's cipher, asked off the event loop at the first value opened (it may read a key file) */
  SecretEnvEngine(ContainerEngine engine, Vertx vertx, Supplier<SecretCipher> cipher) {
    super(engine);
    this.vertx = vertx;
    this.cipherSource = cipher;
  }

  @Override
  public Future<String> run(ContainerSpec spec, JsonObject sealedEnv) {
    if (sealedEnv == null || sealedEnv.isEmpty()) {
      return engine.run(spec);
    }
    return vertx.executeBlocking(() -> withEnv(spec, open(sealedEnv, cipher())), false).compose(engine::run);
  }

  private synchronized SecretCipher cipher() {
    if (cipher == null) {
      cipher = cipherSource.get();
    }
    return cipher;
  }

  /** {@code {VAR: plain text}} of {@code {VAR: {"secret","key","sealed"}}}. */
  static Map<String, String> open(JsonObject sealedEnv, SecretCipher cipher) {
    Map<String, String> env = new TreeMap<>();
    for (Map.Entry<String, Object> e : sealedEnv) {
      if (!(e.getValue() instanceof JsonObject ref)) {
        throw new IllegalArgumentException("secret env " + e.getKey() + " is not a sealed reference");
      }
      String secret = SecretData.requireValidName(ref.getString("secret"));
      String key = ref.getString("key");
      if (!SecretData.isValidKey(key)) {
        throw new IllegalArgumentException("secret env " + e.getKey() + " has a bad key");
      }
      byte[] value = cipher.open(secret, key, ref.getString("sealed", ""));
      env.put(e.getKey(), text(value, secret, key, e.getKey()));
    }
    return env;
  }

  private static String text(byte[] value, String secret, String key, String variable) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
      if (text.indexOf('\0') < 0) {
        return text;
      }
    } catch (CharacterCodingException binary) {
      // below
    }
    throw new IllegalArgumentException("secret " + secret + "/" + key + " cannot be the environment variable "
      + variable + ": its value is not UTF-8 text without NUL bytes (read it as a file with \"secrets\" instead)");
  }

  private static ContainerSpec withEnv(ContainerSpec spec, Map<String, String> env) {
    ContainerSpec.Builder b = spec.toBuilder();
    env.forEach(b::env);
    return b.build();
  }
}
