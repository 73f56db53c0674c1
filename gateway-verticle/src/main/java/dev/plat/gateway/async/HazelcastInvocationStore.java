package dev.plat.gateway.async;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.projection.Projections;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import dev.plat.cluster.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The invocations in the Hazelcast {@code IMap} {@link Names.Hz#INVOCATIONS} (one synchronous
 * backup), values as {@link HazelcastJsonValue} so queries select by state and function, every
 * write an {@link InvocationWrite} compare-and-set. Each node mirrors the whole map to its disk
 * ({@link InvocationDisk}) through an entry listener, and a write made here completes only once this
 * node's copy is on disk too. A node that starts alone (a whole-cluster restart) puts its disk copy
 * back into the map, running ones as queued (their claimant is gone); a node joining a live
 * cluster replaces its disk copy by the map's content.
 */
public final class HazelcastInvocationStore implements InvocationStore {
  private static final Logger LOG = Logger.getLogger(HazelcastInvocationStore.class.getName());

  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> map;
  private final InvocationDisk disk;
  private final long ttlSeconds;

  private HazelcastInvocationStore(Vertx vertx, IMap<String, HazelcastJsonValue> map, InvocationDisk disk, long ttlSeconds) {
    this.vertx = vertx;
    this.map = map;
    this.disk = disk;
    this.ttlSeconds = ttlSeconds;
  }

  /**
   * Opens the map, restores or refreshes this node's disk copy, and starts mirroring; all off the
   * event loop.
   *
   * @param dataDir    the node's data folder; the copy is in {@code invocations/} under it
   * @param ttlSeconds how long a finished invocation stays
   */
  public static Future<InvocationStore> create(Vertx vertx, HazelcastInstance hz, Path dataDir, long ttlSeconds) {
    InvocationDisk disk = new InvocationDisk(dataDir.resolve("invocations"));
    return vertx.executeBlocking(() -> {
      IMap<String, HazelcastJsonValue> map = hz.getMap(Names.Hz.INVOCATIONS);
      HazelcastInvocationStore store = new HazelcastInvocationStore(vertx, map, disk, ttlSeconds);
      // the mirror first: a change made while this node recovers is not missed (the disk keeps the newest revision)
      map.addEntryListener(store.new Mirror(), true);
      store.recoverBlocking(hz.getCluster().getMembers().size() == 1);
      return store;
    }, false);
  }

  private void recoverBlocking(boolean alone) throws Exception {
    List<AsyncInvocation> onDisk = disk.loadBlocking();
    long now = System.currentTimeMillis();
    Set<String> inMap = new HashSet<>(map.keySet());
    int restored = 0;
    for (AsyncInvocation saved : onDisk) {
      if (inMap.contains(saved.id())) {
        continue;
      }
      long left = saved.finished() ? ttlSeconds - (now - saved.updatedAt()) / 1000 : 0;
      if (!alone || (saved.finished() && left <= 0)) {
        disk.delete(saved.id());
        continue;
      }
      AsyncInvocation back = AsyncInvocation.RUNNING.equals(saved.state()) ? saved.requeued(now, now, null) : saved;
      map.set(saved.id(), new HazelcastJsonValue(back.encode()), Math.max(left, 0), TimeUnit.SECONDS);
      restored++;
    }
    if (restored > 0) {
      int count = restored;
      LOG.info(() -> "restored " + count + " asynchronous invocations from disk");
    }
    for (var entry : map.entrySet()) {
      disk.write(new AsyncInvocation(new JsonObject(entry.getValue().getValue())));
    }
  }

  @Override
  public Future<AsyncInvocation> create(AsyncInvocation invocation) {
    return write(0, invocation, 0).map(Outcome::stored);
  }

  @Override
  public Future<Boolean> replace(AsyncInvocation previous, AsyncInvocation next) {
    return write(previous.rev(), next, next.finished() ? ttlSeconds : 0).map(Outcome::applied);
  }

  /** The compare-and-set, then this node's disk copy of whatever is stored. */
  private Future<Outcome> write(long expectRev, AsyncInvocation next, long ttl) {
    return Future.fromCompletionStage(map.submitToKey(next.id(), new InvocationWrite(expectRev, next.encode(), ttl)),
        vertx.getOrCreateContext())
      .compose(result -> {
        boolean applied = InvocationWrite.APPLIED.equals(result[0]);
        if (result[1] == null) {
          return Future.succeededFuture(new Outcome(applied, null));
        }
        AsyncInvocation stored = new AsyncInvocation(new JsonObject(result[1]));
        return disk.write(stored).map(new Outcome(applied, stored));
      });
  }

  private record Outcome(boolean applied, AsyncInvocation stored) {
  }

  @Override
  public Future<AsyncInvocation> get(String id) {
    return Future.fromCompletionStage(map.getAsync(id), vertx.getOrCreateContext())
      .map(v -> v == null ? null : new AsyncInvocation(new JsonObject(v.getValue())));
  }

  @Override
  public Future<List<InvocationSummary>> queued() {
    return summaries(Predicates.equal("state", AsyncInvocation.QUEUED))
      .map(list -> list.stream().sorted(Comparator.comparingLong(InvocationSummary::createdAt)).toList());
  }

  @Override
  public Future<List<AsyncInvocation>> orphans(Set<String> liveClaims) {
    // running ones: at most asyncConcurrency per node, so whole records are fine here
    return vertx.executeBlocking(() -> map.values(Predicates.equal("state", AsyncInvocation.RUNNING)).stream()
      .map(v -> new AsyncInvocation(new JsonObject(v.getValue()))).filter(i -> !liveClaims.contains(i.claim())).toList(), false);
  }

  @Override
  public Future<List<String>> unclaimedCallbacks(Set<String> claims) {
    Predicate<String, HazelcastJsonValue> pending = Predicates.equal("callback.state", AsyncInvocation.PENDING);
    Predicate<String, HazelcastJsonValue> which = claims.isEmpty() ? pending
      : Predicates.and(pending, Predicates.not(Predicates.in("callback.claim", claims.toArray(new String[0]))));
    return vertx.executeBlocking(() -> List.copyOf(map.keySet(which)), false);
  }

  @Override
  public Future<List<InvocationSummary>> recent(String function, int limit) {
    // a schedule's mark (ScheduleDesk) has no "function" and its own state: never listed
    Predicate<String, HazelcastJsonValue> which = function == null
      ? Predicates.notEqual("state", ScheduleDesk.MARK_STATE) : Predicates.equal("function", function);
    return summaries(which).map(list -> list.stream()
      .sorted(Comparator.comparingLong(InvocationSummary::createdAt).reversed()).limit(limit).toList());
  }

  /** The summaries of the matching records: a projection, so no body leaves its member. */
  private Future<List<InvocationSummary>> summaries(Predicate<String, HazelcastJsonValue> predicate) {
    return vertx.executeBlocking(() -> {
      Collection<Object[]> rows = map.project(Projections.multiAttribute(InvocationSummary.FIELDS), predicate);
      return rows.stream().map(InvocationSummary::of).toList();
    }, false);
  }

  @Override
  public void onCreated(Runnable listener) {
    map.addEntryListener((EntryAddedListener<String, HazelcastJsonValue>) event -> listener.run(), false);
  }

  /** Copies every change of the map, from any member, to this node's disk. */
  private final class Mirror implements EntryAddedListener<String, HazelcastJsonValue>,
      EntryUpdatedListener<String, HazelcastJsonValue>, EntryRemovedListener<String, HazelcastJsonValue>,
      EntryExpiredListener<String, HazelcastJsonValue>, EntryEvictedListener<String, HazelcastJsonValue> {
    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
      disk.write(new AsyncInvocation(new JsonObject(event.getValue().getValue())));
    }

    @Override
    public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
      disk.write(new AsyncInvocation(new JsonObject(event.getValue().getValue())));
    }

    @Override
    public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
      disk.delete(event.getKey());
    }

    @Override
    public void entryExpired(EntryEvent<String, HazelcastJsonValue> event) {
      disk.delete(event.getKey());
    }

    @Override
    public void entryEvicted(EntryEvent<String, HazelcastJsonValue> event) {
      disk.delete(event.getKey());
    }
  }
}
