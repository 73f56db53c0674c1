package dev.plat.controller.impl;

import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.Set;

/** Socket folders as names only. */
final class FakeSocketDirs implements SocketDirs {
  final Set<String> existing = new LinkedHashSet<>();

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
    return Future.succeededFuture();
  }
}
