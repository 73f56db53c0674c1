package dev.plat.gateway;

import dev.plat.cluster.VertxPipelines;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;

/**
 * Marks a decoded request of an HTTP version other than 1.0 and 1.1 as not decoded, so that the
 * server's invalid-request handler answers it (505 JSON, {@link InvalidRequestHandler}) instead of
 * Vert.x's bare 501 with the client's version in the status line. Sits between Vert.x's HTTP codec
 * and its connection.
 */
final class VersionCheck extends ChannelInboundHandlerAdapter {
  static final String NAME = "plat-version-check";

  /** The version was neither HTTP/1.0 nor HTTP/1.1. */
  static final class UnsupportedVersion extends RuntimeException {
    UnsupportedVersion(String version) {
      super("HTTP version " + version + " is not supported", null, false, false);
    }
  }

  /** Puts the check on an HTTP/1.x connection's pipeline. */
  static void install(HttpConnection connection) {
    ChannelPipeline pipeline = VertxPipelines.http1(connection);
    if (pipeline != null && pipeline.get(NAME) == null) {
      VertxPipelines.addBeforeConnection(pipeline, NAME, new VersionCheck());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()
        && request.protocolVersion() != HttpVersion.HTTP_1_1 && request.protocolVersion() != HttpVersion.HTTP_1_0) {
      String version = request.protocolVersion().text();
      request.setProtocolVersion(HttpVersion.HTTP_1_1);
      request.setDecoderResult(DecoderResult.failure(new UnsupportedVersion(version)));
    }
    ctx.fireChannelRead(msg);
  }
}
