package dev.plat.controller.impl;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this member's {@code <dataDir>/registry/functions.json} equal to the cluster registry, so
 * a whole-cluster restart can restore it: every seeded state of the registry entry (from its entry
 * listener, and once at start) is written whole with {@link FileRegistryStore} (atomic, fsynced),
 * with its revision. Writes are debounced by {@link #DEBOUNCE_MS} and one at a time; a state that
 * arrives while one is written is written next, so the last state always reaches the disk, older
 * ones may be skipped. At start, while the cluster registry is not seeded (a whole-cluster
 * restart), the file is offered to it ({@link RegistrySeed}) so the leader seeds from the newest
 * disk copy of the members started by then. Runs on the context that started it.
 */
final class RegistryMirror {
  /** How long a change waits for more before it is written. */
  public static final long DEBOUNCE_MS = 50;
  /** How long a failed write waits before it is tried again. */
  public static final long RETRY_MS = 1000;
  private static final Logger LOG = Logger.getLogger(RegistryMirror.class.getName());

  private final Vertx vertx;
  private final Context context;
  private final String key;
  private final Disk disk;
  private final List<Waiter> waiters = new ArrayList<>();
  private IMap<String, RegistryState> map;
  private UUID listenerId;
  private RegistryState pending;
  private long written = FileRegistryStore.Snapshot.NONE;
  private long timerId = -1;
  private Future<Void> writing;

  private record Waiter(long revision, Promise<Void> promise) {
  }

  /** A disk copy of one entry of the registry map: its content as record texts, with the revision. */
  interface Disk {
    /** The copy's revision ({@code -1}: none) and record texts. */
    Future<Map.Entry<Long, Map<String, String>>> load();

    /** Writes {@code state}'s records with its revision. */
    Future<Void> save(RegistryState state);
  }

  private RegistryMirror(Vertx vertx, String key, Disk disk) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.key = key;
    this.disk = disk;
  }

  private static Disk functionsDisk(Vertx vertx, Path dataDir) {
    FileRegistryStore file = new FileRegistryStore(vertx, dataDir.resolve("registry"));
    return new Disk() {
      @Override
      public Future<Map.Entry<Long, Map<String, String>>> load() {
        return file.loadSnapshot().map(s -> Map.entry(s.revision(), HazelcastRegistryStore.texts(s.records())));
      }

      @Override
      public Future<Void> save(RegistryState state) {
        return vertx.executeBlocking(state::functionRecords, false).compose(records -> file.save(records, state.revision()));
      }
    };
  }

  private static Disk secretsDisk(Vertx vertx, Path dataDir) {
    FileSecretStore file = new FileSecretStore(vertx, dataDir.resolve("secrets"));
    return new Disk() {
      @Override
      public Future<Map.Entry<Long, Map<String, String>>> load() {
        return file.loadSnapshot().map(s -> Map.entry(s.revision(), s.records()));
      }

      @Override
      public Future<Void> save(RegistryState state) {
        return file.save(new java.util.TreeMap<>(state.records()), state.revision());
      }
    };
  }

  /**
   * Starts mirroring the cluster's secrets (the {@link HazelcastSecretStore#KEY} entry, sealed
   * values only) into {@code <dataDir>/secrets}, as {@link #start} does the registry.
   */
  public static Future<RegistryMirror> startSecrets(Vertx vertx, HazelcastInstance hz, Path dataDir) {
    RegistryMirror mirror = new RegistryMirror(vertx, HazelcastSecretStore.KEY, secretsDisk(vertx, dataDir));
    return mirror.begin(hz).map(mirror);
  }

  /** Starts mirroring the cluster registry of {@code hz} into {@code <dataDir>/registry}; call on the owner's context. */
  public static Future<RegistryMirror> start(Vertx vertx, HazelcastInstance hz, Path dataDir) {
    RegistryMirror mirror = new RegistryMirror(vertx, HazelcastRegistryStore.KEY, functionsDisk(vertx, dataDir));
    return mirror.begin(hz).map(mirror);
  }

  private Future<Void> begin(HazelcastInstance hz) {
    return HazelcastRegistryStore.map(vertx, hz)
      .compose(m -> {
        map = m;
        return vertx.executeBlocking(() -> m.addEntryListener(new Listener(), key, true), false);
      })
      .compose(id -> {
        listenerId = id;
        return disk.load();
      })
      .compose(file -> {
        written = file.getKey();
        return HazelcastRegistryStore.onContext(vertx, map.getAsync(key))
          .compose(state -> state != null && state.seeded() || file.getKey() < 0
            ? Future.succeededFuture(state)
            : HazelcastRegistryStore.onContext(vertx, map.submitToKey(key,
              new RegistrySeed(0, false, file.getKey(), file.getValue()))));
      })
      .map(state -> {
        if (state != null) {
          offer(state);
        }
        return null;
      });
  }

  /** The revision of the registry this member's file holds ({@code -1}: no file). */
  public long writtenRevision() {
    return written;
  }

  /** Completes on the mirror's context once the file holds {@code revision} or a newer one. */
  public Future<Void> written(long revision) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      if (written >= revision) {
        promise.complete();
      } else {
        waiters.add(new Waiter(revision, promise));
      }
    });
    return promise.future();
  }

  /** Stops listening and writes the last state received, if not written yet. */
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      UUID id = listenerId;
      listenerId = null;
      Future<Boolean> removed = id == null ? Future.succeededFuture(true)
        : vertx.executeBlocking(() -> map.removeEntryListener(id), false);
      removed.recover(e -> Future.succeededFuture(false)).onComplete(ar -> {
        if (timerId >= 0) {
          vertx.cancelTimer(timerId);
          timerId = -1;
        }
        Future<Void> last = writing == null ? flush() : writing.transform(x -> flush());
        last.onComplete(done);
      });
    });
    return done.future();
  }

  private void offer(RegistryState state) {
    long newest = Math.max(written, pending == null ? written : pending.revision());
    if (!state.seeded() || state.revision() <= newest) {
      return;
    }
    pending = state;
    schedule(DEBOUNCE_MS);
  }

  private void schedule(long delayMs) {
    if (writing != null || timerId >= 0 || pending == null || listenerId == null) {
      return;
    }
    timerId = vertx.setTimer(delayMs, id -> {
      timerId = -1;
      flush();
    });
  }

  private Future<Void> flush() {
    RegistryState state = pending;
    if (state == null) {
      return Future.succeededFuture();
    }
    pending = null;
    Future<Void> write = disk.save(state);
    writing = write;
    return write.andThen(ar -> {
      writing = null;
      if (ar.succeeded()) {
        written = Math.max(written, state.revision());
        waiters.removeIf(w -> w.revision() <= written && w.promise().tryComplete());
      } else {
        LOG.log(Level.WARNING, "could not write the " + key + " mirror (revision " + state.revision()
          + "); trying again in " + RETRY_MS + " ms", ar.cause());
        if (pending == null) {
          pending = state;
        }
      }
      schedule(ar.succeeded() ? DEBOUNCE_MS : RETRY_MS);
    });
  }

  /** Hazelcast's event thread to the mirror's context. */
  private final class Listener implements EntryAddedListener<String, RegistryState>,
      EntryUpdatedListener<String, RegistryState> {
    @Override
    public void entryAdded(EntryEvent<String, RegistryState> event) {
      RegistryState state = event.getValue();
      context.runOnContext(v -> offer(state));
    }

    @Override
    public void entryUpdated(EntryEvent<String, RegistryState> event) {
      RegistryState state = event.getValue();
      context.runOnContext(v -> offer(state));
    }
  }
}
