package dev.plat.cluster.impl;

import dev.plat.cluster.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routes by instance and the immutable snapshot by function derived from them. Writers are
 * serialized; readers take the current snapshot without locking.
 */
final class RouteIndex {
  private static final Comparator<Route> BY_INSTANCE = Comparator.comparing(Route::instance);

  private final Map<String, Route> byInstance = new HashMap<>();
  private volatile Map<String, List<Route>> snapshot = Map.of();

  Map<String, List<Route>> snapshot() {
    return snapshot;
  }

  List<Route> routes(String function) {
    return snapshot.getOrDefault(function, List.of());
  }

  synchronized List<Route> all() {
    return List.copyOf(byInstance.values());
  }

  /** Sets ({@code route != null}) or removes the route of {@code instance}; true when that changed anything. */
  synchronized boolean apply(String instance, Route route) {
    Route old = route == null ? byInstance.remove(instance) : byInstance.put(instance, route);
    if (Objects.equals(old, route)) {
      return false;
    }
    Map<String, List<Route>> next = new HashMap<>(snapshot);
    if (old != null) {
      rebuild(next, old.function());
    }
    if (route != null && (old == null || !old.function().equals(route.function()))) {
      rebuild(next, route.function());
    }
    snapshot = Map.copyOf(next);
    return true;
  }

  /** Replaces every route; true when that changed anything. */
  synchronized boolean replaceAll(Map<String, Route> routes) {
    if (byInstance.equals(routes)) {
      return false;
    }
    byInstance.clear();
    byInstance.putAll(routes);
    Map<String, List<Route>> next = new HashMap<>();
    for (Route route : byInstance.values()) {
      next.computeIfAbsent(route.function(), f -> new ArrayList<>()).add(route);
    }
    next.replaceAll((function, list) -> sorted(list));
    snapshot = Map.copyOf(next);
    return true;
  }

  private void rebuild(Map<String, List<Route>> next, String function) {
    List<Route> list = byInstance.values().stream().filter(r -> r.function().equals(function)).toList();
    if (list.isEmpty()) {
      next.remove(function);
    } else {
      next.put(function, sorted(list));
    }
  }

  private static List<Route> sorted(List<Route> routes) {
    return routes.stream().sorted(BY_INSTANCE).toList();
  }
}
