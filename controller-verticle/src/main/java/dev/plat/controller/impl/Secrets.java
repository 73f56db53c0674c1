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

  /**
   * Throws a 400 unless every secret {@code spec} uses exists: {@code secret_not_found} naming a
   * name of {@code secrets}, or the {@code secretEnv.VAR} whose secret is missing;
   * {@code secret_key_not_found} naming the {@code secretEnv.VAR} whose key the secret lacks.
   */
  void requireUsable(dev.plat.cluster.api.FunctionSpec spec) {
    requireAll(spec.secrets());
    new TreeMap<>(spec.secretEnv()).forEach((variable, ref) -> {
      String secret = dev.plat.cluster.api.FunctionSpec.secretOf(ref);
      String key = dev.plat.cluster.api.FunctionSpec.keyOf(ref);
      SecretRecord record = records.get(secret);
      if (record == null) {
        throw PlatError.badRequest("secret_not_found", "secretEnv." + variable + ": no secret named '" + secret
          + "'; create it first (plat secret create " + secret + " --from-literal " + key + "=VALUE)");
      }
      if (!record.sealed().containsKey(key)) {
        throw PlatError.badRequest("secret_key_not_found", "secretEnv." + variable + ": secret '" + secret
          + "' has no key '" + key + "' (its keys: " + String.join(", ", new TreeMap<>(record.sealed()).keySet()) + ")");
      }
    });
  }

  /**
   * {@code {VAR: {"secret","key","sealed"}}} of a spec's {@code secretEnv}, for the node that runs an
   * instance: it opens each value into the container's environment.
   */
  JsonObject sealedEnv(Map<String, String> secretEnv) {
    JsonObject out = new JsonObject();
    new TreeMap<>(secretEnv).forEach((variable, ref) -> {
      String secret = dev.plat.cluster.api.FunctionSpec.secretOf(ref);
      String key = dev.plat.cluster.api.FunctionSpec.keyOf(ref);
      SecretRecord record = records.get(secret);
      String sealed = record == null ? null : record.sealed().get(key);
      if (sealed == null) {
        throw PlatError.conflict("secret_not_found", "secretEnv." + variable + ": secret " + ref + " does not exist");
      }
      out.put(variable, new JsonObject().put("secret", secret).put("key", key).put("sealed", sealed));
    });
    return out;
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
