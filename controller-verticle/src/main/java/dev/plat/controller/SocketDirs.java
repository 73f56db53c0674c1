package dev.plat.controller;

import dev.plat.controller.impl.ControllerParts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * The host folders bind-mounted at {@code /run/plat} in instances: {@code <dataDir>/sockets/<instance>/},
 * writable by the container user, holding the instance's {@code fn.sock}.
 */
public interface SocketDirs {

  /** Folders under {@code <dataDir>/sockets}, created mode 0777, through the Vert.x file system. */
  static SocketDirs under(Vertx vertx, Path dataDir) {
    return ControllerParts.socketDirs(vertx, dataDir.resolve("sockets"));
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

  /** Creates the folder (empty, writable by anyone); @return its path. */
  Future<String> create(String instance);

  /**
   * The instances that have a folder (or a code folder) here now, by instance id; empty when
   * there are none.
   */
  Future<java.util.Set<String>> instances();

  /** Deletes the folder and what it holds (and its {@link #codeFolder}); succeeds when they do not exist. */
  Future<Void> delete(String instance);
}
