package dev.plat.controller.impl;

import dev.plat.cluster.SecretCipher;
import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.function.Supplier;

/**
 * {@link SocketDirs} on the local file system, through {@code vertx.fileSystem()}; secrets
 * written off the event loop, owned by the instances' user ({@link InstanceSpecs#USER}), in their
 * own root: a tmpfs folder ({@link SecretsRoot}) or, when none is given, the socket folders' root.
 * Secrets folders are written and deleted one at a time ({@code secretsLock}), deleted without
 * following a link ({@link SecretsSweep}); {@code written} holds the instances whose secrets this
 * process wrote and has not deleted, which {@link #releaseSecrets} keeps.
 */
final class FileSocketDirs implements SocketDirs {
  private static final String MODE = "rwxrwxrwx";
  private static final String CODE_SUFFIX = ".code";
  private static final String SECRETS_SUFFIX = SecretsSweep.SUFFIX;
  private static final Logger LOG = Logger.getLogger(FileSocketDirs.class.getName());

  private final Vertx vertx;
  private final Path root;
  private final Path secretsRoot;
  private final Supplier<SecretCipher> cipherSource;
  private final Object secretsLock = new Object();
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private SecretCipher cipher;

  /** Secrets beside the socket folders, under {@code root}. */
  public FileSocketDirs(Vertx vertx, Path root, Supplier<SecretCipher> cipher) {
    this(vertx, root, root, cipher);
  }

  /** @param secretsRoot where the instances' secrets folders go (see {@link SecretsRoot}) */
  public FileSocketDirs(Vertx vertx, Path root, Path secretsRoot, Supplier<SecretCipher> cipher) {
    this.vertx = vertx;
    this.root = root.toAbsolutePath();
    this.secretsRoot = secretsRoot.toAbsolutePath();
    this.cipherSource = cipher;
  }

  /** {@code <secretsRoot>/<instance>.secrets}. */
  @Override
  public String secretsFolder(String instance) {
    return secretsRoot.resolve(instance + SECRETS_SUFFIX).toString();
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
  public Future<String> writeSecrets(String instance, JsonObject sealed) {
    Path folder = Path.of(secretsFolder(instance));
    return vertx.executeBlocking(() -> {
      synchronized (secretsLock) {
        if (!secretsRoot.equals(root)) {
          SecretsRoot.prepare(secretsRoot);
        }
        written.add(instance);
        SecretWriter.write(folder, sealed, cipher());
        return folder.toString();
      }
    }, false);
  }

  /** Deletes the unused secrets folders, and the root when it is a tmpfs folder of its own left empty. */
  @Override
  public Future<Void> releaseSecrets(Predicate<String> inUse) {
    return vertx.<Void>executeBlocking(() -> {
      synchronized (secretsLock) {
        java.util.List<String> deleted = SecretsSweep.release(secretsRoot, id -> inUse.test(id) || written.contains(id),
          !secretsRoot.equals(root));
        if (!deleted.isEmpty()) {
          LOG.info(() -> "secrets: removed the secrets folders of " + deleted + ", instances without a container");
        }
        return null;
      }
    }, false).recover(err -> {
      LOG.warning("secrets: could not tidy " + secretsRoot + ": " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  private synchronized SecretCipher cipher() {
    if (cipher == null) {
      cipher = cipherSource.get();
    }
    return cipher;
  }

  @Override
  public Future<Set<String>> instances() {
    if (secretsRoot.equals(root)) {
      return instancesIn(root);
    }
    return instancesIn(root).compose(ids -> instancesIn(secretsRoot).map(more -> {
      Set<String> all = new TreeSet<>(ids);
      all.addAll(more);
      return all;
    }));
  }

  private Future<Set<String>> instancesIn(Path root) {
    return vertx.fileSystem().exists(root.toString()).compose(exists -> !exists ? Future.succeededFuture(Set.of())
      : vertx.fileSystem().readDir(root.toString()).map(paths -> {
        Set<String> ids = new TreeSet<>();
        for (String path : paths) {
          String name = Path.of(path).getFileName().toString();
          for (String suffix : new String[] {CODE_SUFFIX, SECRETS_SUFFIX}) {
            if (name.endsWith(suffix)) {
              name = name.substring(0, name.length() - suffix.length());
            }
          }
          ids.add(name);
        }
        return ids;
      }));
  }

  @Override
  public Future<Void> delete(String instance) {
    return deleteFolder(folder(instance)).compose(v -> deleteFolder(codeFolder(instance)))
      .compose(v -> vertx.executeBlocking(() -> {
        synchronized (secretsLock) {
          SecretsSweep.deleteIfOurs(secretsRoot, instance + SECRETS_SUFFIX);
          written.remove(instance);
          return null;
        }
      }, false));
  }

  private Future<Void> deleteFolder(String folder) {
    return vertx.fileSystem().exists(folder)
      .compose(exists -> exists ? vertx.fileSystem().deleteRecursive(folder) : Future.succeededFuture());
  }
}
