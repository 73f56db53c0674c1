package dev.plat.cluster.impl;

import dev.plat.cluster.BuildStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link BuildStore} in this JVM; records never expire. */
public final class InMemoryBuildStore implements BuildStore {
  private final ConcurrentMap<String, String> records = new ConcurrentHashMap<>();

  @Override
  public Future<Void> put(String id, JsonObject record) {
    records.put(id, record.encode());
    return Future.succeededFuture();
  }

  @Override
  public Future<JsonObject> get(String id) {
    String json = records.get(id);
    return Future.succeededFuture(json == null ? null : new JsonObject(json));
  }
}
