package dev.plat.proxy.hop;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.function.Supplier;

/**
 * The serving end of the multiplexed hop: a proxy port connection whose first bytes are the
 * HTTP/2 preface becomes one (another node's {@link HopClients}). Each of its streams carries one
 * HTTP/1.1 connection's bytes ({@link StreamBridge}) to a handler of its own, the forwarded fast
 * path, which checks the cluster secret on every request as it does on a plain connection.
 */
public final class HopServer {
  private HopServer() {
  }

  /**
   * Whether {@code firstBytes} of the connection of {@code ctx} open a hop: the HTTP/2 preface, on
   * a connection that is not itself a hop's stream (no hop inside a hop).
   */
  public static boolean opens(ChannelHandlerContext ctx, ByteBuf firstBytes) {
    return !(ctx.channel() instanceof Http2StreamChannel) && Hop.isPreface(firstBytes);
  }

  /**
   * Puts the hop's handlers right after {@code ctx} (whose handler then passes the connection's
   * bytes on and leaves), each stream served by a new {@code perStream} handler.
   */
  public static void install(ChannelHandlerContext ctx, Supplier<ChannelHandler> perStream) {
    ChannelPipeline pipeline = ctx.pipeline();
    Http2FrameCodec codec = Http2FrameCodecBuilder.forServer().initialSettings(Hop.settings())
      .decoderEnforceMaxRstFramesPerWindow(Hop.MAX_RESETS, Hop.RESET_WINDOW_SECONDS).build();
    pipeline.addAfter(ctx.name(), "plat-hop-flush", new FlushConsolidationHandler(256, true));
    pipeline.addAfter("plat-hop-flush", "plat-hop-idle", Hop.idle());
    pipeline.addAfter("plat-hop-idle", "plat-hop-codec", codec);
    pipeline.addAfter("plat-hop-codec", "plat-hop-keep-alive", new Hop.KeepAlive(codec, false));
    pipeline.addAfter("plat-hop-keep-alive", "plat-hop-streams", new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel stream) {
        stream.pipeline().addLast(StreamBridge.server(), perStream.get(), new Hop.Unserved());
      }
    }));
    pipeline.addAfter("plat-hop-streams", "plat-hop-end", new Hop.Drop());
    // the limit holds from the first stream on, not from when the peer acknowledged it in SETTINGS
    codec.connection().remote().maxActiveStreams(Hop.MAX_STREAMS);
    Hop.widen(codec);
  }
}
