package dev.plat.controller.impl;

import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/** {@link SocketDirs} on the local file system, through {@code vertx.fileSystem()}. */
public final class FileSocketDirs implements SocketDirs {
  private static final String MODE = "rwxrwxrwx";

  private final Vertx vertx;
  private final Path root;

  public FileSocketDirs(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root.toAbsolutePath();
  }

  @Override
  public String folder(String instance) {
    return root.resolve(instance).toString();
  }

  @Override
  public Future<String> create(String instance) {
    String folder = folder(instance);
    // mkdirs honours the umask: chmod afterwards so the container user (10001) can create its socket.
    return delete(instance)
      .compose(v -> vertx.fileSystem().mkdirs(folder))
      .compose(v -> vertx.fileSystem().chmod(folder, MODE))
      .map(folder);
  }

  @Override
  public Future<Void> delete(String instance) {
    return deleteFolder(folder(instance)).compose(v -> deleteFolder(codeFolder(instance)));
  }

  private Future<Void> deleteFolder(String folder) {
    return vertx.fileSystem().exists(folder)
      .compose(exists -> exists ? vertx.fileSystem().deleteRecursive(folder) : Future.succeededFuture());
  }
}
