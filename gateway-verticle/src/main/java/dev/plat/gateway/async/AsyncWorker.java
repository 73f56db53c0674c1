package dev.plat.gateway.async;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Runs queued invocations on this node, at most {@code concurrency} at once. {@link #poll} claims
 * due queued invocations (compare-and-set queued -> running with this node's claim, so one
 * invocation runs on one node at a time) and calls each; after each attempt the {@link RetryPolicy}
 * decides: succeeded, failed, or queued again after the back-off. {@link #reap} puts back in the
 * queue the running invocations whose claimant left the cluster: the contract is at-least-once,
 * an attempt cut off by a node's death runs again elsewhere. A write refused because the record
 * moved on (another node reaped it) drops this node's outcome. A finished invocation with a callback
 * URL is stored with its callback pending and claimed by this node, then handed to {@link Callbacks};
 * {@link #reapCallbacks} takes over the pending callbacks nobody alive is sending. Use from one context.
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

  /** Where finished invocations' callbacks go ({@link CallbackSender}). */
  public interface Callbacks {
    /** Starts delivering the pending callback of {@code invocation}, stored and claimed by this node. */
    Future<CallbackSender.Outcome> send(AsyncInvocation invocation);

    /** Whether this node is delivering the callback of {@code id} now. */
    boolean sending(String id);

    /** Whether this node may start another delivery. */
    boolean hasRoom();
  }

  private final InvocationStore store;
  private final Function<AsyncInvocation, Future<Attempt>> caller;
  private final RetryPolicy policy;
  private final LongSupplier clock;
  private final String node;
  private final String claim;
  private final int concurrency;
  private final Callbacks callbacks;
  private final Listener listener;
  /** Due invocations the last poll saw and no slot took yet, oldest first. */
  private final java.util.ArrayDeque<InvocationSummary> due = new java.util.ArrayDeque<>();
  /** Ids this worker is claiming or running: a poll that still sees them queued does not claim them twice. */
  private final java.util.Set<String> held = new java.util.HashSet<>();
  private int running;
  private boolean polling;
  private boolean pollAgain;

  /**
   * @param caller     runs one attempt (the same path as a synchronous call)
   * @param node       this node's id, shown in the record
   * @param claim      this node's Hazelcast member id: a claim is live while that member is in the cluster
   * @param callbacks  sends the callbacks of the invocations this node finished or took over
   */
  public AsyncWorker(InvocationStore store, Function<AsyncInvocation, Future<Attempt>> caller, RetryPolicy policy,
      LongSupplier clock, String node, String claim, int concurrency, Callbacks callbacks, Listener listener) {
    this.store = store;
    this.caller = caller;
    this.policy = policy;
    this.clock = clock;
    this.node = node;
    this.claim = claim;
    this.concurrency = concurrency;
    this.callbacks = callbacks;
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

  /** Puts back in the queue the running invocations whose claimant is not in {@code liveClaims}. */
  public Future<Integer> reap(Set<String> liveClaims) {
    return store.orphans(liveClaims).compose(orphans -> {
      long now = clock.getAsLong();
      List<Future<Boolean>> requeued = orphans.stream().map(o -> store.replace(o, o.requeued(now, now, null))).toList();
      return Future.join(requeued).map(all -> (int) requeued.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  /**
   * Takes over the pending callbacks claimed by no member of {@code liveClaims} (their node left),
   * and this node's own that it is not sending (it had no room, or a write failed): each by
   * compare-and-set, while this node has room, then sends it. @return how many it took
   */
  public Future<Integer> reapCallbacks(Set<String> liveClaims) {
    Set<String> others = new java.util.HashSet<>(liveClaims);
    others.remove(claim);
    return store.unclaimedCallbacks(others).compose(ids -> {
      List<Future<Boolean>> taken = ids.stream().filter(id -> !callbacks.sending(id)).map(id -> takeCallback(id, others)).toList();
      return Future.join(taken).map(all -> (int) taken.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  private Future<Boolean> takeCallback(String id, Set<String> others) {
    if (!callbacks.hasRoom()) {
      return Future.succeededFuture(false);
    }
    return store.get(id).compose(found -> {
      if (found == null || !found.callbackPending() || others.contains(found.callbackClaim()) || callbacks.sending(id)) {
        return Future.succeededFuture(false);
      }
      AsyncInvocation mine = found.callbackClaimed(node, claim, clock.getAsLong());
      return store.replace(found, mine).map(won -> {
        if (won) {
          callbacks.send(mine);
        }
        return won;
      });
    });
  }

  private void attempt(AsyncInvocation mine) {
    long started = clock.getAsLong();
    caller.apply(mine)
      .recover(e -> Future.succeededFuture(Attempt.noAnswer(String.valueOf(e.getMessage()), clock.getAsLong() - started)))
      .compose(outcome -> settle(mine, outcome))
      .onComplete(ar -> {
        held.remove(mine.id());
        freed();
        if (ar.failed()) {
          LOG.warning(() -> "invocation " + mine.id() + ": its outcome could not be stored: " + ar.cause());
        }
      });
  }

  private Future<Void> settle(AsyncInvocation mine, Attempt outcome) {
    long now = clock.getAsLong();
    RetryPolicy.Verdict verdict = policy.after(mine.attempts(), outcome.status());
    AsyncInvocation next = switch (verdict) {
      case SUCCEEDED -> mine.finished(AsyncInvocation.SUCCEEDED, now, outcome.toJson());
      case FAILED -> mine.finished(AsyncInvocation.FAILED, now, outcome.toJson());
      case RETRY -> mine.requeued(now, now + policy.delayMs(mine.attempts()), outcome.toJson());
    };
    return store.replace(mine, next).map(won -> {
      if (!won) {
        LOG.info(() -> "invocation " + mine.id() + " moved on while this node ran it (reaped); outcome dropped");
      } else if (verdict == RetryPolicy.Verdict.RETRY) {
        listener.retried(next);
      } else {
        listener.finished(next);
        if (next.callbackPending()) {
          callbacks.send(next);
        }
      }
      return null;
    });
  }
}
