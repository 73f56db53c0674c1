package dev.plat.controller;

import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.controller.impl.ControllerParts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Durable storage of the registry. A save replaces the whole content atomically: after a crash
 * at any moment a load yields the previous or the new content, never a mix or a torn file.
 */
public interface RegistryStore {

  /**
   * The store in {@code <dataDir>/registry/functions.json}: written to a temp file, fsynced,
   * renamed over the old file, then the folder fsynced; all off the event loop, one write at a time.
   */
  static RegistryStore file(Vertx vertx, Path dataDir) {
    return ControllerParts.fileStore(vertx, dataDir.resolve("registry"));
  }

  /**
   * The store of a clustered controller: the registry in the Hazelcast map {@code plat-registry}
   * (one synchronous backup; writes need a majority of the configured members), written by the
   * leader only. {@link #save} sends the difference to the last load or save, fenced by {@code
   * fencingToken} (the leader's term from {@link LeaderTerms#next}): once a newer term exists the
   * write is refused with 503 {@code not_leader} and nothing is applied; it completes once Hazelcast
   * acknowledged it (backup included). {@link #load} reads the cluster's registry; after a
   * whole-cluster restart (the map has no seeded registry) it seeds the map from the newest disk
   * copy offered: {@code <dataDir>/registry/functions.json} or a newer one offered by a member's
   * registry mirror. Disk copies are written by each controller
   * member's mirror, not by this store. Completes on the caller's context; use from one context.
   *
   * @param fencingToken read at each load and save: the term under which this controller leads
   */
  static RegistryStore hazelcast(Vertx vertx, HazelcastInstance hz, Path dataDir, LongSupplier fencingToken) {
    return ControllerParts.hazelcastStore(vertx, hz, dataDir, fencingToken);
  }

  /**
   * {@code store}, and after every load and save the registry's public flags and hosts copied to
   * the replicated {@code directory}, so every gateway routes public URLs without the controller.
   */
  static RegistryStore publishing(RegistryStore store, FunctionDirectory directory, String baseDomain) {
    return ControllerParts.publishingStore(store, directory, baseDomain);
  }

  /** Reads every record; empty when nothing was ever saved. A leftover temp file is ignored and deleted. */
  Future<List<FunctionRecord>> load();

  /** Replaces the stored content with {@code records}; completes once it is on disk. */
  Future<Void> save(List<FunctionRecord> records);
}
