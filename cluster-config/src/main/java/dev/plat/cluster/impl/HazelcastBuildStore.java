package dev.plat.cluster.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.plat.cluster.BuildStore;
import dev.plat.cluster.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** The build records on the Hazelcast {@code IMap} {@link Names.Hz#BUILDS}, as JSON strings, through its async calls. */
public final class HazelcastBuildStore implements BuildStore {
  private final Vertx vertx;
  private final IMap<String, String> map;

  private HazelcastBuildStore(Vertx vertx, IMap<String, String> map) {
    this.vertx = vertx;
    this.map = map;
  }

  /** Opens the map off the event loop (its proxy is made on first use). */
  public static Future<BuildStore> create(Vertx vertx, HazelcastInstance hazelcast) {
    return vertx.executeBlocking(() -> new HazelcastBuildStore(vertx, hazelcast.getMap(Names.Hz.BUILDS)));
  }

  @Override
  public Future<Void> put(String id, JsonObject record) {
    return Future.fromCompletionStage(map.setAsync(id, record.encode(), TTL_SECONDS, TimeUnit.SECONDS),
      vertx.getOrCreateContext());
  }

  @Override
  public Future<JsonObject> get(String id) {
    return Future.fromCompletionStage(map.getAsync(id), vertx.getOrCreateContext())
      .map(json -> json == null ? null : new JsonObject(json));
  }
}
