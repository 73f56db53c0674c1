package dev.plat.controller.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The registry in the cluster: one {@link RegistryState} under {@link #KEY} in the map {@link
 * Names.Hz#REGISTRY} (one synchronous backup, writes refused in a minority partition). A save
 * sends only the difference to what this store last loaded or saved, as one {@link RegistryWrite}
 * fenced by the current fencing token; it completes once Hazelcast acknowledged it (primary and
 * backup). A load reads the seeded registry, or, after a whole-cluster restart, seeds it from the
 * newest disk copy offered ({@link RegistrySeed}: this member's file, or a newer one offered by
 * another member's {@link RegistryMirror}). Used by one leader at a time, on one context.
 */
final class HazelcastRegistryStore implements RegistryStore {
  /** The key of the registry's one entry. */
  public static final String KEY = "registry";

  private final Vertx vertx;
  private final HazelcastInstance hz;
  private final FileRegistryStore disk;
  private final LongSupplier fencingToken;
  private Future<IMap<String, RegistryState>> map;
  private Map<String, String> saved;
  private Future<Void> lastSave = Future.succeededFuture();

  public HazelcastRegistryStore(Vertx vertx, HazelcastInstance hz, Path dataDir, LongSupplier fencingToken) {
    this.vertx = vertx;
    this.hz = hz;
    this.disk = new FileRegistryStore(vertx, dataDir.resolve("registry"));
    this.fencingToken = fencingToken;
  }

  /** The registry map, looked up off the event loop once. */
  static Future<IMap<String, RegistryState>> map(Vertx vertx, HazelcastInstance hz) {
    return vertx.executeBlocking(() -> hz.getMap(Names.Hz.REGISTRY), false);
  }

  /** {@code stage} as a Future completing on the caller's context, Hazelcast failures as {@link PlatError}. */
  static <T> Future<T> onContext(Vertx vertx, CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext()).recover(e -> Future.failedFuture(failure(e)));
  }

  static Throwable failure(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof SplitBrainProtectionException) {
      return PlatError.unavailable("no_quorum", "the registry cannot be written: this node does not see a majority"
        + " of the cluster's members");
    }
    if (cause instanceof HazelcastInstanceNotActiveException) {
      return PlatError.unavailable("cluster_unavailable", "this node has left the cluster");
    }
    return cause;
  }

  /** See {@link dev.plat.controller.LeaderTerms#next}. */
  public static Future<Long> nextTerm(Vertx vertx, HazelcastInstance hz) {
    return map(vertx, hz).compose(m -> onContext(vertx, m.submitToKey(KEY, new NextTerm())));
  }

  /** The registry's entry as it is now; {@code null} when there is none. */
  public static Future<RegistryState> state(Vertx vertx, HazelcastInstance hz) {
    return map(vertx, hz).compose(m -> onContext(vertx, m.getAsync(KEY)));
  }

  private Future<IMap<String, RegistryState>> map() {
    if (map == null || map.failed()) {
      map = map(vertx, hz);
    }
    return map;
  }

  @Override
  public Future<List<FunctionRecord>> load() {
    long token = fencingToken.getAsLong();
    return map().compose(m -> onContext(vertx, m.getAsync(KEY)).compose(state -> state != null && state.seeded()
        ? Future.succeededFuture(state)
        : disk.loadSnapshot().compose(file -> onContext(vertx,
          m.submitToKey(KEY, new RegistrySeed(token, true, file.revision(), texts(file.records())))))))
      .compose(state -> {
        if (!state.seeded()) {
          return Future.failedFuture(notLeader(token, state.term()));
        }
        saved = new HashMap<>(state.records());
        return Future.succeededFuture(state.functionRecords());
      });
  }

  @Override
  public Future<Void> save(List<FunctionRecord> records) {
    Future<Void> save = lastSave.transform(ignored -> write(records));
    lastSave = save;
    return save;
  }

  private Future<Void> write(List<FunctionRecord> records) {
    if (saved == null) {
      return Future.failedFuture(PlatError.unavailable("registry_not_loaded",
        "the cluster registry was not loaded by this controller"));
    }
    Map<String, String> next = texts(records);
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
    return map().compose(m -> onContext(vertx, m.submitToKey(KEY, new RegistryWrite(token, sets, removes))))
      .compose(outcome -> {
        if (outcome[0] == RegistryWrite.STALE) {
          return Future.failedFuture(notLeader(token, outcome[1]));
        }
        if (outcome[0] == RegistryWrite.NOT_SEEDED) {
          return Future.failedFuture(PlatError.unavailable("registry_not_loaded",
            "the cluster registry is not loaded (the whole cluster restarted); the leader loads it"));
        }
        saved = next;
        return Future.succeededFuture();
      });
  }

  static PlatError notLeader(long token, long term) {
    return PlatError.unavailable("not_leader", "this controller is no longer the leader (its term " + token
      + ", the registry's " + term + "); the write was not applied");
  }

  static Map<String, String> texts(List<FunctionRecord> records) {
    Map<String, String> texts = new TreeMap<>();
    records.forEach(r -> texts.put(r.name(), r.toJson().encode()));
    return texts;
  }
}
