package dev.plat.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.impl.HazelcastRouteTable;
import dev.plat.cluster.impl.InMemoryRouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * The routing table: which ready instances serve each function. Writes go to the cluster;
 * reads come from a local immutable snapshot kept fresh by listeners, so a lookup never leaves
 * the JVM and never blocks.
 */
public interface RouteTable {

  /**
   * The clustered table on the Hazelcast {@code ReplicatedMap} {@link Names.Hz#ROUTES}, keyed by
   * instance id. Completes once the local replica is loaded and the snapshot built.
   */
  static Future<RouteTable> hazelcast(Vertx vertx, HazelcastInstance hazelcast) {
    return HazelcastRouteTable.create(vertx, hazelcast);
  }

  /**
   * {@link #hazelcast(Vertx, HazelcastInstance)} with its safety-net resync every {@code resyncMillis}
   * (the default: 10 s); 0 turns it off, so that only the entry listeners keep the snapshot.
   */
  static Future<RouteTable> hazelcast(Vertx vertx, HazelcastInstance hazelcast, long resyncMillis) {
    return HazelcastRouteTable.create(vertx, hazelcast, resyncMillis);
  }

  /** A table in this JVM only, with the same semantics: the fake for tests of other modules. */
  static RouteTable inMemory() {
    return new InMemoryRouteTable();
  }

  /**
   * Adds or replaces the route of {@code route.instance()}. Completes when the local replica and
   * the local snapshot have it; other members receive it asynchronously (milliseconds).
   * Writes made from one context are applied in order.
   */
  Future<Void> put(Route route);

  /** Removes the route of one instance. Completes when the local replica and snapshot no longer have it. */
  Future<Void> remove(String function, String instance);

  /** Removes every route owned by {@code node} (a node left the cluster). */
  Future<Void> removeNode(String node);

  /**
   * Puts back the routes of {@code node} that were put through this table, were not removed through
   * it, and are no longer in the cluster's table: another member took them out believing the node
   * gone (its lease looked stale, or Hazelcast split it off for a while). Its node calls this
   * periodically ({@link RouteJanitor}). Answers how many it put back; the default does nothing
   * (a table of one JVM only is changed only through itself).
   */
  default Future<Integer> restore(String node) {
    return Future.succeededFuture(0);
  }

  /** The ready instances of a function in the local snapshot, by instance id; empty when none. Never blocks. */
  List<Route> routes(String function);

  /** The whole local snapshot, function name to its routes; immutable. Never blocks. */
  Map<String, List<Route>> snapshot();

  /**
   * Calls {@code listener} on the context of the caller (the event loop of a verticle) after the
   * snapshot changed; one call may cover several changes, a write that changes nothing calls nothing.
   * The in-memory table called from outside any context calls it on the writer's thread.
   */
  void onChange(Runnable listener);

  /** Stops listening to the cluster; the snapshot stops changing. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
