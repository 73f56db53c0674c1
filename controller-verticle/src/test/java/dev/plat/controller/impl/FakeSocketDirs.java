package dev.plat.controller.impl;

import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.Set;

/** Socket folders as names only. */
final class FakeSocketDirs implements SocketDirs {
  final Set<String> existing = new LinkedHashSet<>();
  /** The sealed secrets written for each instance. */
  final java.util.Map<String, io.vertx.core.json.JsonObject> secrets = new java.util.LinkedHashMap<>();

  @Override
  public Future<String> writeSecrets(String instance, io.vertx.core.json.JsonObject sealed) {
    secrets.put(instance, sealed.copy());
    return Future.succeededFuture(secretsFolder(instance));
  }

  @Override
  public String folder(String instance) {
    return "/data/sockets/" + instance;
  }

  @Override
  public Future<String> create(String instance) {
    existing.add(instance);
    return Future.succeededFuture(folder(instance));
  }

  @Override
  public Future<Set<String>> instances() {
    return Future.succeededFuture(Set.copyOf(existing));
  }

  @Override
  public Future<Void> delete(String instance) {
    existing.remove(instance);
    secrets.remove(instance);
    return Future.succeededFuture();
  }
}
