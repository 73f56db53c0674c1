package dev.plat.gateway.async;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The queue-claiming loop: runs queued invocations on this node, at most {@code concurrency} at
 * once. {@link #poll} claims due queued invocations (compare-and-set queued -> running with this
 * node's claim, so one invocation runs on one node at a time) and hands each to the {@link
 * AttemptRunner}, which runs the attempt and stores its outcome; each slot it frees takes the next
 * due one. Running invocations of departed nodes are put back by the {@link OrphanReaper}, pending
 * callbacks nobody sends taken over by the {@link CallbackReaper}. Use from one context.
 */
public final class AsyncWorker {
  private static final Logger LOG = Logger.getLogger(AsyncWorker.class.getName());

  /** What the worker reports, for metrics; every method may be a no-op. */
  public interface Listener {
    /** An attempt failed and will be tried again. */
    default void retried(AsyncInvocation invocation) {
    }

    /** The invocation finished (succeeded or failed). */
    default void finished(AsyncInvocation invocation) {
    }

    /** The queue as the last poll saw it. */
    default void queue(List<InvocationSummary> queued, long now) {
    }
  }

  private final InvocationStore store;
  private final AttemptRunner runner;
  private final LongSupplier clock;
  private final String node;
  private final String claim;
  private final int concurrency;
  private final Listener listener;
  /** Due invocations the last poll saw and no slot took yet, oldest first. */
  private final ArrayDeque<InvocationSummary> due = new ArrayDeque<>();
  /** Ids this worker is claiming or running: a poll that still sees them queued does not claim them twice. */
  private final Set<String> held = new HashSet<>();
  private int running;
  private boolean polling;
  private boolean pollAgain;

  /**
   * @param runner   runs a claimed invocation's attempt and stores its outcome
   * @param node     this node's id, shown in the record
   * @param claim    this node's Hazelcast member id: a claim is live while that member is in the cluster
   * @param listener hears of the queue each poll reads
   */
  AsyncWorker(InvocationStore store, AttemptRunner runner, LongSupplier clock, String node, String claim,
      int concurrency, Listener listener) {
    this.store = store;
    this.runner = runner;
    this.clock = clock;
    this.node = node;
    this.claim = claim;
    this.concurrency = concurrency;
    this.listener = listener;
  }

  /** Attempts running now on this node. */
  public int running() {
    return running;
  }

  /**
   * Reads the queue, then claims and starts as many due invocations as there are free slots; the
   * rest of the due ones stay in a local list that each freed slot takes from, without reading the
   * queue again (a claim re-reads the record, so a stale entry costs one read, never a double run).
   * Completes once the queue was read.
   */
  public Future<Void> poll() {
    if (polling) {
      // the poll under way may have read the queue before what asked for this one: read it once more after
      pollAgain = true;
      return Future.succeededFuture();
    }
    polling = true;
    return store.queued().map(queued -> {
      long now = clock.getAsLong();
      listener.queue(queued, now);
      due.clear();
      queued.stream().filter(i -> i.notBefore() <= now).forEach(due::add);
      fill();
      return (Void) null;
    }).eventually(() -> {
      polling = false;
      if (pollAgain) {
        pollAgain = false;
        poll();
      }
      return Future.succeededFuture();
    });
  }

  /** Something was queued: an idle worker (a free slot, nothing due in its list) reads the queue now. */
  public void wake() {
    if (running < concurrency && due.isEmpty()) {
      poll();
    }
  }

  private void fill() {
    while (running < concurrency && !due.isEmpty()) {
      String id = due.poll().id();
      if (held.add(id)) {
        claim(id);
      }
    }
  }

  /** Reads the whole record, then queued -> running by compare-and-set; starts the attempt when it won. */
  private void claim(String id) {
    running++;
    store.get(id).compose(queued -> {
      if (queued == null || !AsyncInvocation.QUEUED.equals(queued.state()) || queued.notBefore() > clock.getAsLong()) {
        return Future.succeededFuture(false);
      }
      AsyncInvocation mine = queued.claimed(node, claim, clock.getAsLong());
      return store.replace(queued, mine).map(won -> {
        if (won) {
          attempt(mine);
        }
        return won;
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        // the store failed: the slot waits for the next timed poll rather than asking again at once
        held.remove(id);
        running--;
        LOG.fine(() -> "claim of " + id + " failed: " + ar.cause());
      } else if (!ar.result()) {
        held.remove(id);
        freed();
      }
    });
  }

  /** A slot is free again: the next due one takes it; with none left, the queue is read again. */
  private void freed() {
    running--;
    if (due.isEmpty()) {
      poll();
    } else {
      fill();
    }
  }

  private void attempt(AsyncInvocation mine) {
    runner.run(mine).onComplete(ar -> {
      held.remove(mine.id());
      freed();
      if (ar.failed()) {
        LOG.warning(() -> "invocation " + mine.id() + ": its outcome could not be stored: " + ar.cause());
      }
    });
  }
}
