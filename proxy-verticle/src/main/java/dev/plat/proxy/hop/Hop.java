package dev.plat.proxy.hop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/** What both ends of the multiplexed hop between two nodes' proxies agree on. */
final class Hop {
  /** The start of the HTTP/2 connection preface: enough to tell it from any HTTP/1.x request. */
  private static final ByteBuf PREFACE = Unpooled.unreleasableBuffer(
    Unpooled.wrappedBuffer("PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.US_ASCII)));
  /** Streams (HTTP/1.1 connections) one hop connection carries at once; beyond, another connection opens. */
  static final int MAX_STREAMS = 256;
  /** What one stream may have in flight unread, each way (HTTP/2's default). */
  static final int STREAM_WINDOW = 64 * 1024;
  /**
   * What all streams of a connection may have in flight unread, each way: every stream's window,
   * so streams whose readers stopped (their bytes held until read) never starve the others.
   */
  static final int CONNECTION_WINDOW = MAX_STREAMS * STREAM_WINDOW;
  /**
   * Resets either end takes per {@link #RESET_WINDOW_SECONDS} before it drops the connection:
   * every stream ends in a reset here (a kept-alive connection closed), so Netty's default (200
   * per 30 s, against floods of new streams reset at once) would cut a busy hop.
   */
  static final int MAX_RESETS = 100 * MAX_STREAMS;
  static final int RESET_WINDOW_SECONDS = 10;
  /** A connection that read nothing for this long is sent a PING; one that still reads nothing for as long again is closed. */
  static final int PING_SECONDS = 15;

  private Hop() {
  }

  static boolean isPreface(ByteBuf in) {
    int n = PREFACE.readableBytes();
    return in.readableBytes() >= n && ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n);
  }

  /** The handlers of a hop connection before its codec: a reader-idle watch for {@link KeepAlive}. */
  static IdleStateHandler idle() {
    return new IdleStateHandler(PING_SECONDS, 0, 0, TimeUnit.SECONDS);
  }

  static Http2Settings settings() {
    return Http2Settings.defaultSettings().initialWindowSize(STREAM_WINDOW).maxConcurrentStreams(MAX_STREAMS);
  }

  /** Widens the connection's receive window to {@link #CONNECTION_WINDOW}; on its event loop, once it is active. */
  static void widen(Http2FrameCodec codec) {
    try {
      codec.connection().local().flowController().incrementWindowSize(codec.connection().connectionStream(),
        CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE);
    } catch (Http2Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Watches a connection that read nothing for {@link #PING_SECONDS}: the forwarding end closes it
   * when no stream is open on it (the next stream opens another), and either end sends a PING, and
   * closes the connection when its peer still said nothing {@link #PING_SECONDS} later (a peer gone
   * without a word: its streams fail then, not at their invocations' timeouts).
   */
  static final class KeepAlive extends ChannelInboundHandlerAdapter {
    private final Http2FrameCodec codec;
    private final boolean closeUnused;
    private boolean pinged;

    KeepAlive(Http2FrameCodec codec, boolean closeUnused) {
      this.codec = codec;
      this.closeUnused = closeUnused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      pinged = false;
      ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (!(evt instanceof IdleStateEvent)) {
        ctx.fireUserEventTriggered(evt);
      } else if (pinged || (closeUnused && codec.connection().numActiveStreams() == 0)) {
        ctx.close();
      } else {
        pinged = true;
        ctx.writeAndFlush(new DefaultHttp2PingFrame(System.nanoTime()));
      }
    }
  }

  /**
   * The last handler of a hop connection on the serving node, where Vert.x's handlers follow: the
   * connection's own frames (SETTINGS, PING, GOAWAY) end here, released.
   */
  static final class Drop extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }

  /** The last handler of a stream: whatever reaches it was not served (nothing is handed over on a hop stream). */
  static final class Unserved extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }
}
