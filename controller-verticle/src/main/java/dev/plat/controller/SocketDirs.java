package dev.plat.controller;

import dev.plat.controller.impl.ControllerParts;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.SecretCipher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The host folders bind-mounted at {@code /run/plat} in instances: {@code <dataDir>/sockets/<instance>/},
 * writable by the container user, holding the instance's {@code fn.sock}.
 */
public interface SocketDirs {

  /** Folders under {@code <dataDir>/sockets}, created mode 0777, through the Vert.x file system. */
  static SocketDirs under(Vertx vertx, Path dataDir) {
    return under(vertx, dataDir, () -> SecretCipher.of(dataDir));
  }

  /**
   * {@link #under(Vertx, Path)} whose {@link #writeSecrets} decrypts with {@code cipher} (asked
   * off the event loop, at the first secret written: it may read a key file).
   */
  static SocketDirs under(Vertx vertx, Path dataDir, Supplier<SecretCipher> cipher) {
    return ControllerParts.socketDirs(vertx, dataDir, cipher);
  }

  /**
   * {@link #under(Vertx, Path, Supplier)} for the node of {@code config}, its secrets under the
   * memory folder {@code secretsTmpfsDir} names when set; checked off the event loop. Fails,
   * naming the key, when that folder is not an existing folder on a memory file system.
   */
  static Future<SocketDirs> under(Vertx vertx, PlatConfig config, Supplier<SecretCipher> cipher) {
    return ControllerParts.socketDirs(vertx, config, cipher);
  }

  /** The host folder of an instance (whether or not it exists). */
  String folder(String instance);

  /** The host path of an instance's socket: {@code folder(instance)/fn.sock}. */
  default String socket(String instance) {
    return folder(instance) + "/fn.sock";
  }

  /** The host folder a pool container sees read-only at {@code /plat/code}: {@code folder(instance) + ".code"}. */
  default String codeFolder(String instance) {
    return folder(instance) + ".code";
  }

  /**
   * The host folder an instance sees read-only at {@code /run/secrets}, holding {@code <secret>/<key>}
   * files: {@code folder(instance) + ".secrets"} by default; {@link #under} puts it on a tmpfs
   * ({@code /dev/shm/plat-<hash of dataDir>/<instance>.secrets}) so no value rests on disk.
   */
  default String secretsFolder(String instance) {
    return folder(instance) + ".secrets";
  }

  /**
   * Writes the instance's secrets into {@link #secretsFolder}: {@code sealed} is {@code {secret:
   * {key: value sealed by SecretCipher}}}; each value is decrypted here, on the node that runs the
   * instance, and written as a file readable by the instance's user only (folders 0700, files
   * 0400). Replaces what the folder held. Fails, naming no value, when a value does not decrypt.
   *
   * @return the folder's path
   */
  default Future<String> writeSecrets(String instance, JsonObject sealed) {
    return Future.failedFuture("this node cannot hold secrets");
  }

  /**
   * When the controller stops (its instances keep running): deletes the secrets folders of the
   * instances for which {@code inUse} is false, except those this process wrote and has not
   * deleted (an instance whose container is being made), then the secrets root itself when it is
   * left empty; follows no link and deletes nothing outside the root. Never fails. This default
   * deletes nothing.
   */
  default Future<Void> releaseSecrets(java.util.function.Predicate<String> inUse) {
    return Future.succeededFuture();
  }

  /** Creates the folder (empty, writable by anyone); @return its path. */
  Future<String> create(String instance);

  /**
   * The instances that have a folder (or a code folder) here now, by instance id; empty when
   * there are none.
   */
  Future<java.util.Set<String>> instances();

  /**
   * Deletes the folder and what it holds (and its {@link #codeFolder} and {@link #secretsFolder});
   * succeeds when they do not exist.
   */
  Future<Void> delete(String instance);
}
