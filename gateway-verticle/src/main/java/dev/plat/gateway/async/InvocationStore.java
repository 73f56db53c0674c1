package dev.plat.gateway.async;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * Where asynchronous invocations live, cluster-wide. Every write is a compare-and-set on the
 * record's revision ({@link AsyncInvocation#rev()}), so of two nodes moving one record only one wins.
 * Completes once the write is durable: in the cluster (the backup has it) and on this node's disk.
 */
public interface InvocationStore {

  /**
   * Stores {@code invocation} unless a record with its id exists; the stored one's id either way
   * (a second submission with the same idempotency key gets the first id).
   */
  Future<AsyncInvocation> create(AsyncInvocation invocation);

  /** Replaces {@code previous} by {@code next} only if the stored revision is still {@code previous.rev()}. */
  Future<Boolean> replace(AsyncInvocation previous, AsyncInvocation next);

  /** The record of {@code id}, or {@code null}. */
  Future<AsyncInvocation> get(String id);

  /** Every queued invocation, oldest first, as summaries. */
  Future<List<InvocationSummary>> queued();

  /** Every running invocation whose claimant is not in {@code liveClaims}. */
  Future<List<AsyncInvocation>> orphans(Set<String> liveClaims);

  /**
   * The ids of the finished invocations whose callback is pending and claimed by no member of
   * {@code claims} (its claimant left the cluster, or none). Ids only: no body crosses the cluster.
   */
  Future<List<String>> unclaimedCallbacks(Set<String> claims);

  /** The newest {@code limit} invocations of {@code function} (any function when null), newest first, as summaries. */
  Future<List<InvocationSummary>> recent(String function, int limit);

  /**
   * Calls {@code listener} (on a thread of the store's, not a Vert.x one) whenever any node stores a
   * new invocation, so idle workers need not wait for their next poll. A hint: it may be late or
   * missed, the poll still finds everything.
   */
  void onCreated(Runnable listener);
}
