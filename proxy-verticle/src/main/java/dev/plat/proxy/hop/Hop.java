package dev.plat.proxy.hop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/** What both ends of the multiplexed hop between two nodes' proxies agree on. */
final class Hop {
  /** The start of the HTTP/2 connection preface: enough to tell it from any HTTP/1.x request. */
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
  /** Streams (HTTP/1.1 connections) one hop connection carries at once. */
  static final int MAX_STREAMS = 1024;
  /** What one stream may have in flight unread, each way: its share of the connection's buffers. */
  static final int STREAM_WINDOW = 256 * 1024;
  /** What all streams of a connection may have in flight unread, each way. */
  static final int CONNECTION_WINDOW = 8 * 1024 * 1024;

  private Hop() {
  }

  static boolean isPreface(ByteBuf in) {
    return in.readableBytes() >= PREFACE.length
      && ByteBufUtil.equals(in, in.readerIndex(), io.netty.buffer.Unpooled.wrappedBuffer(PREFACE), 0, PREFACE.length);
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

  /** The last handler of a stream: whatever reaches it was not served (nothing is handed over on a hop stream). */
  static final class Unserved extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }
}
