package dev.plat.controller.impl;

import dev.plat.controller.FunctionRecord;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry in memory, written through to a {@link RegistryStore}. Reads see every change at
 * once; each change is saved as a whole snapshot, saves chained one after another so the last
 * change is the last saved. Used on one context only.
 */
final class Registry {
  private final RegistryStore store;
  private final Map<String, FunctionRecord> records = new TreeMap<>();
  private Future<Void> lastSave = Future.succeededFuture();

  public Registry(RegistryStore store) {
    this.store = store;
  }

  /** Reads the stored records into memory. */
  public Future<Void> load() {
    return store.load().map(list -> {
      records.clear();
      list.forEach(r -> records.put(r.name(), r));
      return null;
    });
  }

  public Optional<FunctionRecord> get(String name) {
    return Optional.ofNullable(records.get(name));
  }

  public List<FunctionRecord> all() {
    return List.copyOf(records.values());
  }

  /** Adds or replaces a record; completes once it is durable. */
  public Future<Void> put(FunctionRecord record) {
    records.put(record.name(), record);
    return saveSnapshot();
  }

  /** Removes a record; completes once the removal is durable. */
  public Future<Void> remove(String name) {
    records.remove(name);
    return saveSnapshot();
  }

  private Future<Void> saveSnapshot() {
    List<FunctionRecord> snapshot = new ArrayList<>(records.values());
    Future<Void> save = lastSave.transform(ignored -> store.save(snapshot));
    lastSave = save;
    return save;
  }
}
