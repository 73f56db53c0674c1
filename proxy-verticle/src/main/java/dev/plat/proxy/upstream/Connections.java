package dev.plat.proxy.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Upstream connections per event loop, so an invocation and its upstream connection always share
 * a thread and no lock: one {@link LoopConnections} per Vert.x event loop.
 */
public final class Connections {
  private final Map<EventExecutor, LoopConnections> pools = new IdentityHashMap<>();
  private final ChannelGroup channels = new DefaultChannelGroup("plat-upstreams", GlobalEventExecutor.INSTANCE);
  private final int loops;

  /** {@code multiplexedHop}: other nodes' proxy ports as streams of one HTTP/2 connection per loop ({@link dev.plat.proxy.hop.HopClients}). */
  public Connections(Vertx vertx, int maxConnections, boolean multiplexedHop) {
    VertxInternal internal = (VertxInternal) vertx;
    int index = 0;
    for (EventExecutor executor : internal.nettyEventLoopGroup()) {
      pools.put(executor, new LoopConnections((EventLoop) executor, index++, internal.transport(), channels, maxConnections,
        multiplexedHop));
    }
    loops = index;
  }

  /** How many event loops (and so connection slots per upstream) there are. */
  public int loops() {
    return loops;
  }

  /** The pool of {@code loop}, which must be a Vert.x event loop. */
  public LoopConnections of(EventLoop loop) {
    return pools.get(loop);
  }

  public Future<Void> close() {
    pools.values().forEach(LoopConnections::close);
    Promise<Void> promise = Promise.promise();
    channels.close().addListener(f -> promise.complete());
    return promise.future();
  }
}
