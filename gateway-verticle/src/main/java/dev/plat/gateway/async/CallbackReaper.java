package dev.plat.gateway.async;

import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Takes over the pending callbacks nobody alive is sending: those claimed by a node that left the
 * cluster, and this node's own that it is not sending (it had no room, or a write failed). Each is
 * claimed for this node by compare-and-set, while {@link Callbacks} has room, then handed to it.
 */
final class CallbackReaper {
  private final InvocationStore store;
  private final LongSupplier clock;
  private final String node;
  private final String claim;
  private final Callbacks callbacks;

  /**
   * @param node  this node's id, shown in the record
   * @param claim this node's Hazelcast member id: a claim is live while that member is in the cluster
   */
  CallbackReaper(InvocationStore store, LongSupplier clock, String node, String claim, Callbacks callbacks) {
    this.store = store;
    this.clock = clock;
    this.node = node;
    this.claim = claim;
    this.callbacks = callbacks;
  }

  /** Takes over the pending callbacks claimed by no member of {@code liveClaims} but this node. @return how many it took */
  Future<Integer> reap(Set<String> liveClaims) {
    Set<String> others = new HashSet<>(liveClaims);
    others.remove(claim);
    return store.unclaimedCallbacks(others).compose(ids -> {
      List<Future<Boolean>> taken = ids.stream().filter(id -> !callbacks.sending(id)).map(id -> take(id, others)).toList();
      return Future.join(taken).map(all -> (int) taken.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  private Future<Boolean> take(String id, Set<String> others) {
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
}
