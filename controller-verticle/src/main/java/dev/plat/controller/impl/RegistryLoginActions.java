package dev.plat.controller.impl;

import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.RegistryLogin;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code registryPut}, {@code registryList}, {@code registryDelete}: the credentials of private
 * registries, kept in the secrets store (sealed, replicated and persisted with the secrets) under
 * {@link RegistryLogin#entry}. Answers name the host and times only, never a credential.
 */
final class RegistryLoginActions {
  private RegistryLoginActions() {
  }

  static Action put(Secrets secrets, Scheduler scheduler) {
    return body -> {
      String host = RegistryLogin.requireValidHost(body.getValue("host"));
      JsonObject data = body.getJsonObject("data");
      if (data == null || !(data.getValue(RegistryLogin.USERNAME) instanceof String)
          || !(data.getValue(RegistryLogin.PASSWORD) instanceof String)) {
        throw PlatError.badRequest("bad_registry_login", "data must hold the sealed username and password");
      }
      Map<String, String> sealed = new TreeMap<>();
      sealed.put(RegistryLogin.USERNAME, data.getString(RegistryLogin.USERNAME));
      sealed.put(RegistryLogin.PASSWORD, data.getString(RegistryLogin.PASSWORD));
      String entry = RegistryLogin.entry(host);
      long now = scheduler.now();
      long created = secrets.get(entry).map(SecretRecord::createdAt).orElse(now);
      SecretRecord record = new SecretRecord(entry, created, now, sealed);
      return secrets.put(record).map(v -> summary(record));
    };
  }

  static Action list(Secrets secrets) {
    return body -> {
      JsonArray list = new JsonArray();
      secrets.all().stream().filter(r -> RegistryLogin.isEntry(r.name())).forEach(r -> list.add(summary(r)));
      return Future.succeededFuture(new JsonObject().put("registries", list));
    };
  }

  static Action delete(Secrets secrets) {
    return body -> {
      String host = RegistryLogin.requireValidHost(body.getValue("host"));
      String entry = RegistryLogin.entry(host);
      if (secrets.get(entry).isEmpty()) {
        throw PlatError.notFound("registry_not_found", "no credentials are stored for registry " + host);
      }
      return secrets.remove(entry).map(v -> new JsonObject().put("host", host).put("deleted", true));
    };
  }

  private static JsonObject summary(SecretRecord r) {
    return new JsonObject().put("host", r.name().substring(RegistryLogin.ENTRY_PREFIX.length()))
      .put("createdAt", r.createdAt()).put("updatedAt", r.updatedAt());
  }
}
