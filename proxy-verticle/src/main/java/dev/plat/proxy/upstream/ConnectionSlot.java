package dev.plat.proxy.upstream;

import java.util.ArrayDeque;

/**
 * The connections of one event loop to one upstream: idle ones kept alive (most recent first),
 * at most {@code max} open, exchanges waiting for one beyond that. Used from its loop only.
 */
public final class ConnectionSlot {
  final LoopConnections pool;
  final Upstream upstream;
  final java.net.SocketAddress address;
  private final int max;
  private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  private int open;

  ConnectionSlot(LoopConnections pool, Upstream upstream, java.net.SocketAddress address, int max) {
    this.pool = pool;
    this.upstream = upstream;
    this.address = address;
    this.max = max;
  }

  /** Calls {@code ex.connected} with an idle or new connection, now or once one is free. */
  public void acquire(Exchange ex) {
    UpstreamConnection c;
    while ((c = idle.pollLast()) != null) {
      if (c.channel().isActive()) {
        ex.connected(c);
        return;
      }
    }
    if (open < max) {
      open++;
      pool.connect(this, ex);
    } else {
      waiting.add(ex);
    }
  }

  /** A connection is free again: to the next waiting exchange, else idle. */
  void release(UpstreamConnection c) {
    Exchange ex;
    while ((ex = waiting.poll()) != null) {
      if (!ex.abandoned()) {
        ex.connected(c);
        return;
      }
    }
    idle.addLast(c);
  }

  /** A connection closed: its place goes to the next waiting exchange. */
  void closed(UpstreamConnection c) {
    idle.remove(c);
    connectFailed();
  }

  /** A connection attempt failed or a connection closed: its place goes to the next waiting exchange. */
  void connectFailed() {
    open--;
    Exchange ex;
    while ((ex = waiting.poll()) != null) {
      if (!ex.abandoned()) {
        open++;
        pool.connect(this, ex);
        return;
      }
    }
  }
}
