package dev.plat.controller.impl;

import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Holds a leader's first reconciliation until the nodes present in the cluster have announced
 * themselves, so that it lists their containers instead of starting replacements for them (in a
 * whole-cluster restart every node joins at once, and each announces itself only once its listeners
 * are bound, seconds later). It ends as soon as no present node is unannounced (one announced,
 * {@link #check()}, or left, seen by {@link #check()} or the re-check every {@link #RECHECK_MS}), or
 * after {@link #BOUND_MS}, whichever comes first; a node that announces itself later is reconciled
 * by {@link Reconciler#join}. Runs on the core's context; never blocks.
 */
final class AnnounceWait {
  /**
   * How long the first reconciliation waits at most: the failover budget is 10 s from the loss of a
   * leader to a working API, and a takeover measured ~3 s without waiting, so 5 s leaves margin
   * while covering the few seconds a node takes from joining the cluster to announcing itself.
   */
  static final long BOUND_MS = 5_000;
  /** How often the wait looks again without an announcement: a node that left ends it no later than this. */
  static final long RECHECK_MS = 1_000;
  private static final Logger LOG = Logger.getLogger(AnnounceWait.class.getName());

  private final Supplier<Set<String>> unannounced;
  private final Scheduler scheduler;
  private Promise<Void> done;
  private long deadline;
  private long timer = -1;

  /** @param unannounced the other nodes present in the cluster that have not announced themselves now */
  AnnounceWait(Supplier<Set<String>> unannounced, Scheduler scheduler) {
    this.unannounced = unannounced;
    this.scheduler = scheduler;
  }

  /** Completes (never fails) when no present node is unannounced, or after {@link #BOUND_MS}; at once when none is. */
  Future<Void> await() {
    Set<String> waiting = unannounced.get();
    if (waiting.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.info(() -> "controller: waiting up to " + BOUND_MS / 1000 + " s for nodes in the cluster to announce "
      + "themselves before reconciling: " + waiting);
    done = Promise.promise();
    deadline = scheduler.now() + BOUND_MS;
    recheckLater();
    return done.future();
  }

  /** A node announced itself or left: the wait ends now if nobody is left to wait for. */
  void check() {
    if (done == null || done.future().isComplete()) {
      return;
    }
    Set<String> waiting = unannounced.get();
    if (waiting.isEmpty()) {
      LOG.info("controller: every node in the cluster announced itself (or left); reconciling");
    } else if (scheduler.now() >= deadline) {
      LOG.info(() -> "controller: gave up waiting after " + BOUND_MS / 1000 + " s for " + waiting
        + "; reconciling without them (each is reconciled when it announces itself)");
    } else {
      return;
    }
    if (timer >= 0) {
      scheduler.cancel(timer);
      timer = -1;
    }
    done.complete();
  }

  private void recheckLater() {
    long delay = Math.max(0, Math.min(RECHECK_MS, deadline - scheduler.now()));
    timer = scheduler.schedule(delay, () -> {
      timer = -1;
      check();
      if (!done.future().isComplete()) {
        recheckLater();
      }
    });
  }
}
