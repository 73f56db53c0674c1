package dev.plat.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.impl.HazelcastBuildStore;
import dev.plat.cluster.impl.InMemoryBuildStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The build records of the whole cluster, readable from any node: build id to the record the
 * builder that runs the build writes at each state change (queued, building, pushing, and its end
 * with the last log lines). Records expire {@link #TTL_SECONDS} after their last write. Live log
 * lines are not written here; they are published on {@link Names.Address#BUILD_EVENTS}.
 */
public interface BuildStore {
  /** How long a record lives after its last write: one day. */
  long TTL_SECONDS = 24 * 3600;

  /** The store on the Hazelcast {@code IMap} {@link Names.Hz#BUILDS} (backed up like any IMap). */
  static Future<BuildStore> hazelcast(Vertx vertx, HazelcastInstance hazelcast) {
    return HazelcastBuildStore.create(vertx, hazelcast);
  }

  /** A store held in this JVM only (one node without a cluster, tests). */
  static BuildStore inMemory() {
    return new InMemoryBuildStore();
  }

  /** Adds or replaces the record of {@code id}. */
  Future<Void> put(String id, JsonObject record);

  /** The record of {@code id}, or {@code null} when there is none (unknown or expired). */
  Future<JsonObject> get(String id);
}
