package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.SecretData;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code secretPut}: creates a secret ({@code create} true; 409 {@code secret_exists} when it
 * exists) or replaces its values (a rotation; 404 {@code secret_not_found} when it does not). A
 * rotation then rolls every function that lists the secret: its spec gets a new {@code
 * secretsRevision}, which changes the instances' fingerprint, and the converger replaces them as a
 * PATCH does (new instances ready before old ones go). Answers the summary once they settled or
 * after their start timeout. The sealed values are never part of an answer or a message.
 */
final class PutSecretAction implements Action {
  private final Secrets secrets;
  private final Functions functions;
  private final Settler settler;
  private final Scheduler scheduler;

  PutSecretAction(Secrets secrets, Functions functions, Settler settler, Scheduler scheduler) {
    this.secrets = secrets;
    this.functions = functions;
    this.settler = settler;
    this.scheduler = scheduler;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    String name = SecretData.requireValidName(body.getString("name"));
    JsonObject data = body.getJsonObject("data");
    if (data == null || data.isEmpty()) {
      throw PlatError.badRequest("bad_secret_data", "data must be a non-empty object of key to value");
    }
    Map<String, String> sealed = new TreeMap<>();
    data.forEach(e -> {
      if (!SecretData.isValidKey(e.getKey()) || !(e.getValue() instanceof String)) {
        throw PlatError.badRequest("bad_secret_data", "data key '" + e.getKey() + "' is not a file name");
      }
      sealed.put(e.getKey(), (String) e.getValue());
    });
    boolean create = body.getBoolean("create", false);
    SecretRecord old = secrets.get(name).orElse(null);
    if (create && old != null) {
      throw PlatError.conflict("secret_exists", "a secret named '" + name + "' exists; replace its values with"
        + " PUT /api/secrets/" + name + " (plat secret update)");
    }
    if (!create && old == null) {
      throw PlatError.notFound("secret_not_found", "no secret named '" + name + "'");
    }
    if (old != null) {
      requireKeysInUse(name, sealed.keySet());
    }
    long now = scheduler.now();
    SecretRecord record = new SecretRecord(name, old == null ? now : old.createdAt(), now, sealed);
    return secrets.put(record).compose(v -> old == null ? Future.succeededFuture() : roll(name, now))
      .map(v -> record.summary(ListSecretsAction.users(functions, name)));
  }

  /** A 409 {@code secret_key_in_use} when a function's {@code secretEnv} reads a key of {@code name} that {@code keys} lacks. */
  private void requireKeysInUse(String name, java.util.Set<String> keys) {
    for (FunctionState fs : functions.all()) {
      if (fs.record() == null) {
        continue;
      }
      for (Map.Entry<String, String> e : new TreeMap<>(fs.record().spec().secretEnv()).entrySet()) {
        if (name.equals(FunctionSpec.secretOf(e.getValue())) && !keys.contains(FunctionSpec.keyOf(e.getValue()))) {
          throw PlatError.conflict("secret_key_in_use", "function " + fs.name() + " reads " + e.getValue()
            + " as secretEnv." + e.getKey() + "; keep key '" + FunctionSpec.keyOf(e.getValue()) + "' or change the function first");
        }
      }
    }
  }

  private Future<Void> roll(String name, long now) {
    List<Future<FunctionState>> rolls = new ArrayList<>();
    for (FunctionState fs : functions.all()) {
      if (fs.record() == null || !fs.record().spec().secretsUsed().contains(name)) {
        continue;
      }
      FunctionSpec old = fs.record().spec();
      FunctionSpec spec = old.withSecrets(old.secrets(), Math.max(now, old.secretsRevision() + 1));
      long timeout = settler.startDeadlineMs(spec);
      rolls.add(functions.save(fs.record().withSpec(spec)).compose(saved -> {
        saved.clearFailures();
        long crashesBefore = saved.crashSerial();
        return settler.converge(saved, f -> f.state() != FunctionState.State.STARTING || f.crashSerial() > crashesBefore,
          timeout, new PlatError(504, "rotation_timeout", "not settled in time")).otherwise(saved);
      }));
    }
    return Future.join(rolls).mapEmpty();
  }
}
