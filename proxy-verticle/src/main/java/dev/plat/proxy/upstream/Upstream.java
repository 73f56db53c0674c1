package dev.plat.proxy.upstream;

import dev.plat.cluster.Route;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** One instance as a destination: its socket (local) or its node's proxy port (remote), and its load. */
public final class Upstream {
  public final Route route;
  public final boolean local;
  public final SocketAddress address;
  /** Requests this proxy has sent to the instance and not finished. */
  public final AtomicInteger outstanding = new AtomicInteger();
  /** The connections of each event loop to this upstream, by {@link LoopConnections#index}; each touched by its loop only. */
  final ConnectionSlot[] slots;
  /** When its ejection ends, in {@link Ejector}'s clock; 0: not ejected since it last answered. */
  public volatile long ejectedUntil;
  /** Ejections in a row, guarded by this upstream's lock ({@link Ejector}). */
  int ejections;

  public Upstream(Route route, String nodeId, int loops) {
    this.slots = new ConnectionSlot[loops];
    this.route = route;
    this.local = nodeId.equals(route.node());
    this.address = local ? SocketAddress.domainSocketAddress(route.socket()) : inet(route.proxy());
  }

  public void release() {
    outstanding.decrementAndGet();
  }

  private static SocketAddress inet(String hostPort) {
    if (hostPort == null) {
      return null;
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    try {
      return SocketAddress.inetSocketAddress(Integer.parseInt(hostPort.substring(colon + 1)), hostPort.substring(0, colon));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return route.instance() + (local ? "@" + route.socket() : "->" + route.proxy());
  }

  /** Whether it may be ejected (then {@link Ejector#ejected} says); false for nearly every upstream: one volatile read. */
  public boolean mayBeEjected() {
    return ejectedUntil != 0;
  }
}
