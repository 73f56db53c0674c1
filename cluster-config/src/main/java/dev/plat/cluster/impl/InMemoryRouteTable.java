package dev.plat.cluster.impl;

import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A {@link RouteTable} in this JVM only: the same semantics as the clustered one, for tests. */
public final class InMemoryRouteTable implements RouteTable {
  private final RouteIndex index = new RouteIndex();
  private final ChangeListeners listeners = new ChangeListeners();

  @Override
  public Future<Void> put(Route route) {
    Objects.requireNonNull(route, "route");
    return apply(route.instance(), route);
  }

  @Override
  public Future<Void> remove(String function, String instance) {
    return apply(instance, null);
  }

  @Override
  public Future<Void> removeNode(String node) {
    boolean changed = false;
    for (Route route : index.all()) {
      if (route.node().equals(node)) {
        changed |= index.apply(route.instance(), null);
      }
    }
    if (changed) {
      listeners.fire();
    }
    return Future.succeededFuture();
  }

  @Override
  public List<Route> routes(String function) {
    return index.routes(function);
  }

  @Override
  public Map<String, List<Route>> snapshot() {
    return index.snapshot();
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(Vertx.currentContext(), listener);
  }

  private Future<Void> apply(String instance, Route route) {
    if (index.apply(instance, route)) {
      listeners.fire();
    }
    return Future.succeededFuture();
  }
}
