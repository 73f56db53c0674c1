package dev.plat.gateway.async;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Puts back in the queue the running invocations whose claimant left the cluster: the contract is
 * at-least-once, an attempt cut off by a node's death runs again elsewhere. Each by compare-and-set,
 * so a record that moved on meanwhile is left as it is; the claimant's own late outcome is then
 * refused ({@link AttemptRunner}).
 */
final class OrphanReaper {
  private final InvocationStore store;
  private final LongSupplier clock;

  OrphanReaper(InvocationStore store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Queues again, due now, the running invocations whose claimant is not in {@code liveClaims}. @return how many */
  Future<Integer> reap(Set<String> liveClaims) {
    return store.orphans(liveClaims).compose(orphans -> {
      long now = clock.getAsLong();
      List<Future<Boolean>> requeued = orphans.stream().map(o -> store.replace(o, o.requeued(now, now, null))).toList();
      return Future.join(requeued).map(all -> (int) requeued.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }
}
