package dev.plat.controller.impl;

import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** {@link SocketDirs} on the local file system, through {@code vertx.fileSystem()}. */
final class FileSocketDirs implements SocketDirs {
  private static final String MODE = "rwxrwxrwx";
  private static final String CODE_SUFFIX = ".code";

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
  public Future<Set<String>> instances() {
    return vertx.fileSystem().exists(root.toString()).compose(exists -> !exists ? Future.succeededFuture(Set.of())
      : vertx.fileSystem().readDir(root.toString()).map(paths -> {
        Set<String> ids = new TreeSet<>();
        for (String path : paths) {
          String name = Path.of(path).getFileName().toString();
          ids.add(name.endsWith(CODE_SUFFIX) ? name.substring(0, name.length() - CODE_SUFFIX.length()) : name);
        }
        return ids;
      }));
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
