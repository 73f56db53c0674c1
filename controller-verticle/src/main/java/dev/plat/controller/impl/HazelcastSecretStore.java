package dev.plat.controller.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.SecretStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The secrets in the cluster: a {@link RegistryState} under {@link #KEY} in the registry map (its
 * backup and majority rule), changed by fenced {@link RegistryWrite}s of the difference, seeded by
 * the leader's load from its disk copy ({@link RegistrySeed}) after a whole-cluster restart; the load
 * also claims the entry for the loading leader's term (an empty fenced write). Disk copies are
 * written by each controller member's {@link RegistryMirror#startSecrets mirror}, not by this store.
 * Used by one leader at a time, on one context.
 */
final class HazelcastSecretStore implements SecretStore {
  /** The key of the secrets' entry in the registry map. */
  static final String KEY = "secrets";

  private final Vertx vertx;
  private final HazelcastInstance hz;
  private final FileSecretStore disk;
  private final LongSupplier fencingToken;
  private Map<String, String> saved;
  private Future<Void> lastSave = Future.succeededFuture();

  HazelcastSecretStore(Vertx vertx, HazelcastInstance hz, Path dataDir, LongSupplier fencingToken) {
    this.vertx = vertx;
    this.hz = hz;
    this.disk = new FileSecretStore(vertx, dataDir.resolve("secrets"));
    this.fencingToken = fencingToken;
  }

  private Future<IMap<String, RegistryState>> map() {
    return HazelcastRegistryStore.map(vertx, hz);
  }

  /**
   * The secrets entry as any member reads it (no fencing, no seeding): name to record JSON text,
   * empty before a leader seeded it. For a node that needs a sealed value itself (a pull's credentials).
   */
  static Future<Map<String, String>> read(Vertx vertx, HazelcastInstance hz) {
    return HazelcastRegistryStore.map(vertx, hz)
      .compose(m -> HazelcastRegistryStore.onContext(vertx, m.getAsync(KEY)))
      .map(state -> state == null ? Map.<String, String>of() : Map.copyOf(state.records()));
  }

  @Override
  public Future<Map<String, String>> load() {
    long token = fencingToken.getAsLong();
    return map().compose(m -> HazelcastRegistryStore.onContext(vertx, m.getAsync(KEY))
        .compose(state -> state != null && state.seeded() ? Future.succeededFuture(state)
          : disk.loadSnapshot().compose(file -> HazelcastRegistryStore.onContext(vertx,
            m.submitToKey(KEY, new RegistrySeed(token, true, file.revision(), file.records()))))))
      .compose(state -> {
        if (!state.seeded()) {
          return Future.failedFuture(HazelcastRegistryStore.notLeader(token, state.term()));
        }
        // an empty fenced write raises the entry's term to this leader's: an older leader's writes are refused from here
        return map().compose(m -> HazelcastRegistryStore.onContext(vertx,
            m.submitToKey(KEY, new RegistryWrite(token, Map.of(), List.of()))))
          .compose(outcome -> outcome[0] == RegistryWrite.APPLIED ? Future.succeededFuture(state)
            : Future.failedFuture(HazelcastRegistryStore.notLeader(token, outcome[1])));
      })
      .compose(state -> {
        saved = new HashMap<>(state.records());
        return Future.succeededFuture(new TreeMap<>(state.records()));
      });
  }

  @Override
  public Future<Void> save(Map<String, String> records) {
    Future<Void> save = lastSave.transform(ignored -> write(new TreeMap<>(records)));
    lastSave = save;
    return save;
  }

  private Future<Void> write(Map<String, String> next) {
    if (saved == null) {
      return Future.failedFuture(PlatError.unavailable("registry_not_loaded",
        "the cluster's secrets were not loaded by this controller"));
    }
    Map<String, String> sets = new TreeMap<>();
    next.forEach((name, text) -> {
      if (!text.equals(saved.get(name))) {
        sets.put(name, text);
      }
    });
    List<String> removes = saved.keySet().stream().filter(name -> !next.containsKey(name)).sorted().toList();
    if (sets.isEmpty() && removes.isEmpty()) {
      return Future.succeededFuture();
    }
    long token = fencingToken.getAsLong();
    return map().compose(m -> HazelcastRegistryStore.onContext(vertx, m.submitToKey(KEY, new RegistryWrite(token, sets, removes))))
      .compose(outcome -> {
        if (outcome[0] == RegistryWrite.STALE) {
          return Future.failedFuture(HazelcastRegistryStore.notLeader(token, outcome[1]));
        }
        if (outcome[0] == RegistryWrite.NOT_SEEDED) {
          return Future.failedFuture(PlatError.unavailable("registry_not_loaded",
            "the cluster's secrets are not loaded (the whole cluster restarted); the leader loads them"));
        }
        saved = next;
        return Future.succeededFuture();
      });
  }
}
