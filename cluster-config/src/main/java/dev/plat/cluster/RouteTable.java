package dev.plat.cluster;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The routing table: which ready instances serve each function. Writes go to the cluster;
 * reads come from a local immutable snapshot kept fresh by listeners, so a lookup never leaves
 * the JVM and never blocks.
 */
public interface RouteTable {

  /** Adds or replaces the route of {@code route.instance()}. Completes when the cluster has it. */
  Future<Void> put(Route route);

  /** Removes the route of one instance. Completes when the cluster has applied it. */
  Future<Void> remove(String function, String instance);

  /** Removes every route owned by {@code node} (a node left the cluster). */
  Future<Void> removeNode(String node);

  /** The ready instances of a function in the local snapshot; empty when none. Never blocks. */
  List<Route> routes(String function);

  /** The whole local snapshot, function name to its routes. Never blocks. */
  Map<String, List<Route>> snapshot();

  /** Calls {@code listener} on the event loop of the caller after each change of the snapshot. */
  void onChange(Runnable listener);
}
