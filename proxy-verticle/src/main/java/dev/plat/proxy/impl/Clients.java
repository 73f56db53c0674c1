package dev.plat.proxy.impl;

import dev.plat.proxy.ProxyOptions;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One keep-alive HTTP client per event loop, so a request and its upstream connection always
 * share a thread: Vert.x's pool otherwise lends a connection made on another loop.
 */
final class Clients {
  private static final int MAX_HEADER_SIZE = 64 * 1024;

  private final Map<EventExecutor, HttpClient> byLoop = new IdentityHashMap<>();
  private final List<HttpClient> all = new ArrayList<>();

  Clients(Vertx vertx, ProxyOptions options) {
    HttpClientOptions http = new HttpClientOptions().setKeepAlive(true).setPipelining(false)
      .setMaxHeaderSize(MAX_HEADER_SIZE).setDecompressionSupported(false).setTcpNoDelay(true);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(options.getMaxConnections());
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      HttpClient client = vertx.httpClientBuilder().with(http).with(pool).build();
      byLoop.put(loop, client);
      all.add(client);
    }
  }

  /** The client of {@code loop}: the one whose connections live on it. */
  HttpClient of(EventLoop loop) {
    HttpClient client = byLoop.get(loop);
    return client != null ? client : all.get(0);
  }

  Future<Void> close() {
    return Future.join(all.stream().map(HttpClient::close).toList()).mapEmpty();
  }
}
