package dev.plat.controller;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deploys that were acknowledged and wait for their build: build id to the candidate spec
 * (the user's spec with its reserved version). The leader writes an entry before it answers a
 * deploy and removes it when the build ends; a controller that takes over reads them and finishes
 * them, so that a deploy acknowledged by a leader that died is not lost.
 */
public interface DeployJournal {

  /** A journal in this JVM only: one controller, no takeover. */
  static DeployJournal inMemory() {
    Map<String, String> map = new ConcurrentHashMap<>();
    return new DeployJournal() {
      @Override
      public Future<Void> put(String buildId, FunctionSpec candidate) {
        map.put(buildId, candidate.toJson().encode());
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> remove(String buildId) {
        map.remove(buildId);
        return Future.succeededFuture();
      }

      @Override
      public Future<Map<String, FunctionSpec>> all() {
        Map<String, FunctionSpec> out = new TreeMap<>();
        map.forEach((id, json) -> out.put(id, new FunctionSpec(new JsonObject(json))));
        return Future.succeededFuture(out);
      }
    };
  }

  /** The journal in the Hazelcast {@code IMap} {@link Names.Hz#DEPLOYS} (one synchronous backup, as every IMap here). */
  static DeployJournal hazelcast(Vertx vertx, HazelcastInstance hz) {
    IMap<String, String> map = hz.getMap(Names.Hz.DEPLOYS);
    return new DeployJournal() {
      @Override
      public Future<Void> put(String buildId, FunctionSpec candidate) {
        String json = candidate.toJson().encode();
        return vertx.executeBlocking(() -> {
          map.set(buildId, json);
          return null;
        });
      }

      @Override
      public Future<Void> remove(String buildId) {
        return vertx.executeBlocking(() -> {
          map.delete(buildId);
          return null;
        });
      }

      @Override
      public Future<Map<String, FunctionSpec>> all() {
        return vertx.executeBlocking(() -> {
          Map<String, FunctionSpec> out = new TreeMap<>();
          map.forEach((id, json) -> out.put(id, new FunctionSpec(new JsonObject(json))));
          return out;
        });
      }
    };
  }

  /** Records that {@code buildId} builds {@code candidate}; completes once it is stored. */
  Future<Void> put(String buildId, FunctionSpec candidate);

  /** Forgets {@code buildId} (its build ended or was given up). */
  Future<Void> remove(String buildId);

  /** Every deploy still waiting, by build id. */
  Future<Map<String, FunctionSpec>> all();
}
