package dev.plat.controller.impl;

import dev.plat.controller.FunctionRecord;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** A registry store in memory, remembering the last saved content. */
final class MemoryRegistryStore implements RegistryStore {
  List<FunctionRecord> saved = new ArrayList<>();
  int saves;

  @Override
  public Future<List<FunctionRecord>> load() {
    return Future.succeededFuture(List.copyOf(saved));
  }

  @Override
  public Future<Void> save(List<FunctionRecord> records) {
    saved = List.copyOf(records);
    saves++;
    return Future.succeededFuture();
  }
}
