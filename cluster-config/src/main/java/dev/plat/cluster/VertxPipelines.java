package dev.plat.cluster;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.internal.ContextInternal;

/**
 * The one place that knows how Vert.x 5 builds a server connection's Netty pipeline: its internal
 * connection classes and the names of its handlers ({@code "httpDecoder"}, Vert.x's HTTP/1.x
 * decoder; {@code "handler"}, its connection; {@code "h2c"}, the cleartext HTTP/2 upgrade).
 * Plat's handlers go before those (the data plane's fast path reads the bytes before the decoder;
 * the connection guard and the version check see what the decoder made). An upgrade of Vert.x that
 * changes these is met here and in the tests of the handlers that use it.
 */
public final class VertxPipelines {
  private static final String DECODER = "httpDecoder";
  private static final String HANDLER = "handler";
  private static final String H2C = "h2c";

  private VertxPipelines() {
  }

  /**
   * The Netty channel of a server connection or of an HTTP client's connection (a request's
   * {@code connection()}), or {@code null} for another kind of connection.
   */
  public static Channel channel(HttpConnection connection) {
    if (connection instanceof HttpServerConnection c) {
      return c.channelHandlerContext().channel();
    }
    return connection instanceof io.vertx.core.http.impl.HttpClientConnectionInternal c
      ? c.channelHandlerContext().channel() : null;
  }

  /**
   * The pipeline of an HTTP/1.x server connection (Vert.x's decoder and connection handler in it),
   * or {@code null}: HTTP/2, TLS before ALPN chose HTTP/1.x, another kind of connection.
   */
  public static ChannelPipeline http1(HttpConnection connection) {
    if (!(connection instanceof HttpServerConnection c)) {
      return null;
    }
    ChannelPipeline pipeline = c.channelHandlerContext().pipeline();
    return pipeline.get(HANDLER) != null && pipeline.get(DECODER) != null ? pipeline : null;
  }

  /**
   * {@link #http1} of a connection no byte has been read from yet: without the h2c upgrade handler
   * (with h2c on, Vert.x may have decoded the first request before the connection handler runs).
   */
  public static ChannelPipeline untouchedHttp1(HttpConnection connection) {
    ChannelPipeline pipeline = http1(connection);
    return pipeline != null && pipeline.get(H2C) == null ? pipeline : null;
  }

  /** The Vert.x context of an HTTP/1.x server connection, or {@code null}. */
  public static ContextInternal context(HttpConnection connection) {
    return connection instanceof Http1xServerConnection c ? c.context() : null;
  }

  /** Adds {@code handler} before Vert.x's HTTP/1.x decoder: it reads the connection's bytes first. */
  public static void addBeforeDecoder(ChannelPipeline pipeline, String name, ChannelHandler handler) {
    pipeline.addBefore(DECODER, name, handler);
  }

  /** Adds {@code handler} before Vert.x's connection handler: it sees the decoder's messages first. */
  public static void addBeforeConnection(ChannelPipeline pipeline, String name, ChannelHandler handler) {
    pipeline.addBefore(HANDLER, name, handler);
  }
}
