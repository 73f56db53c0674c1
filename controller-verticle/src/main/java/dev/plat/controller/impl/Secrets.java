package dev.plat.controller.impl;

import dev.plat.cluster.api.PlatError;
import dev.plat.controller.SecretStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secrets in memory, written through to a {@link SecretStore} like {@link Registry}: reads see
 * every change at once, each change saves the whole content, saves chained. One context only.
 */
final class Secrets {
  private final SecretStore store;
  private final Map<String, SecretRecord> records = new TreeMap<>();
  private Future<Void> lastSave = Future.succeededFuture();

  Secrets(SecretStore store) {
    this.store = store;
  }

  Future<Void> load() {
    return store.load().map(texts -> {
      records.clear();
      texts.forEach((name, text) -> records.put(name, new SecretRecord(new JsonObject(text))));
      return null;
    });
  }

  Optional<SecretRecord> get(String name) {
    return Optional.ofNullable(records.get(name));
  }

  List<SecretRecord> all() {
    return List.copyOf(records.values());
  }

  Future<Void> put(SecretRecord record) {
    records.put(record.name(), record);
    return saveSnapshot();
  }

  Future<Void> remove(String name) {
    records.remove(name);
    return saveSnapshot();
  }

  /** Throws a 400 {@code secret_not_found} naming the first of {@code names} that does not exist. */
  void requireAll(List<String> names) {
    for (String name : names) {
      if (!records.containsKey(name)) {
        throw PlatError.badRequest("secret_not_found", "secrets: no secret named '" + name
          + "'; create it first (plat secret create " + name + " --from-literal KEY=VALUE)");
      }
    }
  }

  /** {@code {secret: {key: sealed value}}} of {@code names}, for the node that runs an instance. */
  JsonObject sealed(List<String> names) {
    requireAll(names);
    JsonObject out = new JsonObject();
    names.forEach(name -> out.put(name, new JsonObject(new TreeMap<>(records.get(name).sealed()))));
    return out;
  }

  private Future<Void> saveSnapshot() {
    Map<String, String> snapshot = new TreeMap<>();
    records.forEach((name, r) -> snapshot.put(name, r.toJson().encode()));
    Future<Void> save = lastSave.transform(ignored -> store.save(snapshot));
    lastSave = save;
    return save;
  }
}
