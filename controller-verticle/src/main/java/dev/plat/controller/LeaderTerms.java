package dev.plat.controller;

import com.hazelcast.core.HazelcastInstance;
import dev.plat.controller.impl.ControllerParts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Leader terms: the fencing tokens of the cluster registry ({@link RegistryStore#hazelcast}). A
 * controller that becomes leader takes a new term with {@link #next} and passes it as its fencing
 * token; from then on every registry write carrying an older term is refused with 503 {@code
 * not_leader}, whatever key it touches.
 *
 * <p>The term lives in the registry's own entry and is raised by an entry processor on that entry,
 * so allocating a term and checking a write against it are ordered on one partition: a term is
 * strictly greater than every term allocated before it, and a write that arrives after the newer
 * term exists is refused. A FlakeIdGenerator would not do: its ids are unique and only roughly
 * ordered across members (each member's clock and node bits), and allocating one does not fence
 * anything. Like every registry write, allocating a term needs a majority of the members, so a
 * minority partition cannot make a leader.
 */
public final class LeaderTerms {
  private LeaderTerms() {
  }

  /** Allocates a new cluster-wide term; completes on the caller's context. */
  public static Future<Long> next(Vertx vertx, HazelcastInstance hz) {
    return ControllerParts.nextTerm(vertx, hz);
  }

  /** The highest term allocated or written so far in this cluster lifetime (0: none); completes on the caller's context. */
  public static Future<Long> current(Vertx vertx, HazelcastInstance hz) {
    return ControllerParts.currentTerm(vertx, hz);
  }
}
