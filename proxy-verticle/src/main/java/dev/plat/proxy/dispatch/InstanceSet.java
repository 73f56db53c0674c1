package dev.plat.proxy.dispatch;

import dev.plat.proxy.upstream.Upstream;
import dev.plat.proxy.upstream.Ejector;

import dev.plat.cluster.Route;
import java.util.List;
import java.util.Map;

/**
 * The instances of one function at one moment, with the function's settings; immutable but for
 * the load counters of its upstreams, which carry over to the next pool of the same routes.
 */
final class InstanceSet {
  final List<Route> source;
  final Upstream[] upstreams;
  final int localCount;
  /** Requests per instance at once; 0 = unlimited. */
  final int concurrency;
  final long timeoutMs;
  private int cursor;

  private InstanceSet(List<Route> source, Upstream[] upstreams, int concurrency, long timeoutMs) {
    this.source = source;
    this.upstreams = upstreams;
    this.concurrency = concurrency;
    this.timeoutMs = timeoutMs;
    int local = 0;
    for (Upstream u : upstreams) {
      local += u.local ? 1 : 0;
    }
    this.localCount = local;
  }

  /** The pool of {@code routes}, reusing the upstreams (and their counters) of {@code previous} for unchanged routes. */
  static InstanceSet of(List<Route> routes, InstanceSet previous, String nodeId, long defaultTimeoutMs, int loops) {
    Map<Route, Upstream> reuse = new java.util.HashMap<>();
    if (previous != null) {
      for (Upstream u : previous.upstreams) {
        reuse.put(u.route, u);
      }
    }
    Upstream[] ups = new Upstream[routes.size()];
    Route newest = null;
    int n = 0;
    for (Route r : routes) {
      Upstream u = reuse.get(r);
      if (u == null) {
        u = new Upstream(r, nodeId, loops);
      }
      if (u.address != null) {
        ups[n++] = u;
        if (newest == null || r.version() > newest.version()) {
          newest = r;
        }
      }
    }
    if (n < ups.length) {
      ups = java.util.Arrays.copyOf(ups, n);
    }
    int concurrency = newest == null ? 0 : Math.max(0, newest.concurrency());
    long timeout = newest == null || newest.timeoutSeconds() <= 0 ? defaultTimeoutMs : newest.timeoutSeconds() * 1000L;
    return new InstanceSet(routes, ups, concurrency, timeout);
  }

  /** Whether an invocation ({@code localOnly}: one forwarded by another node) has any instance to go to. */
  boolean hasCandidates(boolean localOnly) {
    return localOnly ? localCount > 0 : upstreams.length > 0;
  }

  /** {@link #acquire(boolean, List, Ejector)} without ejection. */
  Upstream acquire(boolean localOnly, List<Upstream> excluded) {
    return acquire(localOnly, excluded, Ejector.NONE);
  }

  /**
   * Takes a slot on the least loaded instance that is not full, not excluded and not ejected: ties
   * go to local instances, then round robin. Ejected instances are chosen only when every other
   * candidate is excluded or there is none. Null when every candidate is full or excluded.
   */
  Upstream acquire(boolean localOnly, List<Upstream> excluded, Ejector ejector) {
    Upstream[] ups = upstreams;
    int n = ups.length;
    if (n == 0) {
      return null;
    }
    int start = n == 1 ? 0 : (cursor++ & Integer.MAX_VALUE) % n;
    int limit = concurrency;
    boolean withEjected = false;
    while (true) {
      Upstream best = null;
      int bestLoad = Integer.MAX_VALUE;
      boolean healthy = false;
      boolean skipped = false;
      for (int i = 0; i < n; i++) {
        int k = start + i;
        Upstream u = ups[k < n ? k : k - n];
        if ((localOnly && !u.local) || (excluded != null && excluded.contains(u))) {
          continue;
        }
        if (!withEjected && u.mayBeEjected() && ejector.ejected(u)) {
          skipped = true;
          continue;
        }
        healthy = true;
        int load = u.outstanding.get();
        if (limit > 0 && load >= limit) {
          continue;
        }
        if (load < bestLoad || (load == bestLoad && u.local && !best.local)) {
          best = u;
          bestLoad = load;
        }
      }
      if (best == null) {
        if (skipped && !healthy) {
          withEjected = true;
          continue;
        }
        return null;
      }
      if (limit == 0) {
        best.outstanding.incrementAndGet();
        return best;
      }
      if (best.outstanding.compareAndSet(bestLoad, bestLoad + 1)) {
        return best;
      }
    }
  }

  /** Whether every candidate is excluded (as opposed to merely full). */
  boolean allExcluded(boolean localOnly, List<Upstream> excluded) {
    if (excluded == null) {
      return false;
    }
    for (Upstream u : upstreams) {
      if ((!localOnly || u.local) && !excluded.contains(u)) {
        return false;
      }
    }
    return true;
  }
}
