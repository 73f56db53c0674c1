package dev.plat.proxy;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * One listener of the proxy port, deployed once per core by {@link ProxyVerticle} (as the gateway
 * is): the forwarded invocations then run on every event loop. HTTP/1.x requests go through the
 * data plane's fast path ({@link ProxyHandler#serveForwardedConnection}); what it does not take goes
 * to {@link ProxyHandler#forwardedHandler}. Both require the cluster secret on every request.
 */
final class ProxyPort extends VerticleBase {
  private final PlatConfig config;
  private final int port;
  private final ProxyHandler handler;
  private final Handler<HttpServerRequest> internal;
  private HttpServer server;

  /** A listener on {@code port} (0: a free one) of {@code config}'s cluster host. */
  ProxyPort(PlatConfig config, int port, ProxyHandler handler, Handler<HttpServerRequest> internal) {
    this.config = config;
    this.port = port;
    this.handler = handler;
    this.internal = internal;
  }

  @Override
  public Future<?> start() {
    boolean fastPath = config.getBoolean(ConfigKey.FAST_PATH);
    // no h2c with the fast path (the nodes speak HTTP/1.1 to each other): with it on, Vert.x decodes each
    // connection's first request itself and the fast path cannot take the connection
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.clusterHost()).setPort(port)
      .setMaxHeaderSize(64 * 1024).setHttp2ClearTextEnabled(!fastPath));
    if (fastPath) {
      server.connectionHandler(handler::serveForwardedConnection);
    }
    return server.requestHandler(internal == null ? handler.forwardedHandler() : handler.forwardedHandler(internal))
      .listen();
  }

  int actualPort() {
    return server.actualPort();
  }
}
