package dev.plat.proxy.hop;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The first handler of a hop stream's pipeline: makes an HTTP/2 stream look like a TCP connection
 * to the handlers after it. What they write (bytes of HTTP/1.1) goes out as DATA frames, after one
 * HEADERS frame that opens the stream; what DATA frames carry comes in as bytes. A stream lives as
 * long as the HTTP/1.1 connection it carries (many requests, one after the other); either side
 * closing it resets it, and a reset or an END_STREAM closes it.
 */
final class StreamBridge extends ChannelDuplexHandler {
  private static final Http2Headers OPEN_REQUEST = new DefaultHttp2Headers()
    .method("POST").scheme("http").path("/_plat/hop");
  private static final Http2Headers OPEN_RESPONSE = new DefaultHttp2Headers().status("200");

  private final Http2Headers open;
  private boolean opened;

  private StreamBridge(Http2Headers open) {
    this.open = open;
  }

  /** On the node that forwards: its first write opens the stream with a request's headers. */
  static StreamBridge client() {
    return new StreamBridge(OPEN_REQUEST);
  }

  /** On the node that serves: its first write answers the stream's headers. */
  static StreamBridge server() {
    return new StreamBridge(OPEN_RESPONSE);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf bytes)) {
      ctx.write(msg, promise);
      return;
    }
    if (!opened) {
      opened = true;
      ctx.write(new DefaultHttp2HeadersFrame(open, false), ctx.voidPromise());
    }
    ctx.write(new DefaultHttp2DataFrame(bytes, false), promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2DataFrame data) {
      boolean end = data.isEndStream();
      ByteBuf bytes = data.content();
      if (bytes.isReadable()) {
        ctx.fireChannelRead(bytes);
      } else {
        bytes.release();
      }
      if (end) {
        ctx.close();
      }
    } else if (msg instanceof Http2HeadersFrame headers) {
      if (headers.isEndStream()) {
        ctx.close();
      }
    } else {
      ReferenceCountUtil.release(msg);
      if (msg instanceof Http2ResetFrame) {
        ctx.close();
      }
    }
  }
}
