package dev.plat.gateway;

import dev.plat.cluster.ConnectionGuard;
import dev.plat.cluster.VertxPipelines;
import dev.plat.cluster.api.PlatError;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most connections the gateway port holds at once, counted over every gateway verticle of the
 * node (they share the port): a connection over the cap is answered 503
 * {@code too_many_connections} (HTTP/1.x) and closed at once, before anything reads it.
 */
final class ConnectionCap implements Shareable {
  private static final String MAP = "plat.gateway.connections";

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  private ConnectionCap(int max) {
    this.max = max;
  }

  /**
   * The cap of the gateway deployment {@code deploymentId} (its instances share one port), made by
   * the first of its verticles that asks. Keyed by deployment, not by the configured port, which is
   * 0 for every gateway that asks for a free one.
   */
  static ConnectionCap shared(Vertx vertx, String deploymentId, int max) {
    return vertx.sharedData().<String, ConnectionCap>getLocalMap(MAP).computeIfAbsent(deploymentId, id -> new ConnectionCap(max));
  }

  /** Counts {@code connection} until it closes; false (and the connection refused) when the cap is reached. */
  boolean admit(HttpConnection connection) {
    Channel channel = VertxPipelines.channel(connection);
    if (channel == null) {
      return true;
    }
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      PlatError full = new PlatError(503, "too_many_connections", "the gateway holds its most connections ("
        + max + "); try again later");
      if (connection.isSsl() || VertxPipelines.http1(connection) == null) {
        channel.close();
      } else {
        channel.pipeline().firstContext().writeAndFlush(ConnectionGuard.errorResponse(full))
          .addListener(ChannelFutureListener.CLOSE);
      }
      return false;
    }
    channel.closeFuture().addListener(f -> open.decrementAndGet());
    return true;
  }

  /** Connections open now. */
  int open() {
    return open.get();
  }
}
