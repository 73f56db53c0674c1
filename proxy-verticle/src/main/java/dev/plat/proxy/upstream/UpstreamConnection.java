package dev.plat.proxy.upstream;

import dev.plat.proxy.http1.RawHead;
import dev.plat.proxy.http1.RawResponse;
import dev.plat.proxy.http1.BodyReader;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * A kept-alive HTTP/1.1 connection to one instance socket (or another node's proxy port), owned
 * by one event loop: the last handler of its Netty pipeline. It reads the response heads off the
 * bytes itself ({@link RawResponse}) and cuts the bodies out of them ({@link BodyReader}: slices,
 * no copy); request heads and bodies are written as bytes by the {@link Exchange}. It serves one
 * {@link Exchange} at a time and goes back to its {@link ConnectionSlot} when the exchange ends.
 *
 * <p>States: new (connected; its peer checked once by {@link LoopConnections#verified} before any use),
 * serving ({@code exchange} set: a response head, then its body through {@code body}), idle (in
 * the slot, {@code exchange} null). It closes instead of going idle when the response or the
 * exchange says so ({@code keepAlive}, {@code done(false)}), when its body is unfinished, or when
 * bytes came past the response's end ({@code cumulation} not empty); a byte that arrives while
 * idle closes it too.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {
  private static final ClosedChannelException CLOSED = new ClosedChannelException();

  public final ConnectionSlot slot;
  Channel channel;
  private Exchange exchange;
  private boolean keepAlive = true;
  /** The request being answered is a HEAD: its response has no body, whatever it says. */
  private boolean headRequest;
  /** Bytes read and not yet parsed. */
  private ByteBuf cumulation;
  private final BodyReader body = new BodyReader();
  private int uses;
  private boolean answered;

  UpstreamConnection(ConnectionSlot slot) {
    this.slot = slot;
  }

  /** The connection's channel: the exchange writes the request to it. */
  public Channel channel() {
    return channel;
  }

  /** Exchanges served, this one included: above 1 the connection came from the idle pool. */
  public int uses() {
    return uses;
  }

  /** Whether any response byte arrived for the current exchange. */
  public boolean answered() {
    return answered;
  }

  /** Serves {@code exchange}; {@code head}: it is a HEAD request. */
  public void start(Exchange exchange, boolean head) {
    this.exchange = exchange;
    this.keepAlive = true;
    this.answered = false;
    this.uses++;
    this.headRequest = head;
  }

  /**
   * The exchange is over: the connection goes back to the slot when {@code reusable}, the
   * response allowed keep-alive and no byte came past its end, else it closes. A byte past the
   * end (after Content-Length, a body on a 204, 304 or HEAD answer) would otherwise be read as
   * the start of the next caller's response.
   */
  public void done(boolean reusable) {
    exchange = null;
    boolean leftover = cumulation != null && cumulation.isReadable();
    if (reusable && keepAlive && !leftover && !body.reading() && channel.isActive()) {
      slot.release(this);
    } else {
      channel.close();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (exchange == null || !(msg instanceof ByteBuf bytes)) {
      ReferenceCountUtil.release(msg);  // bytes nobody asked for
      ctx.close();
      return;
    }
    answered = true;
    cumulation = cumulation == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, bytes);
    while (exchange != null && cumulation != null && cumulation.isReadable() && step(ctx)) {
      // on to the next piece
    }
    if (cumulation != null && !cumulation.isReadable()) {
      cumulation.release();
      cumulation = null;
    }
  }

  /** One response head or body piece to the exchange; false when more bytes are needed (or it failed). */
  private boolean step(ChannelHandlerContext ctx) {
    Exchange ex = exchange;
    if (body.reading()) {
      Object piece = body.next(cumulation);
      if (piece == BodyReader.MORE) {
        return false;
      }
      if (piece == BodyReader.BROKEN) {
        return fail(ctx, "sent a broken chunked body");
      }
      ex.content((HttpContent) piece);
      return true;
    }
    int end = RawHead.headEnd(cumulation, RawResponse.MAX_RESPONSE_HEAD);
    if (end == -1) {
      return false;
    }
    if (end < 0 && cumulation.readableBytes() >= RawResponse.MAX_RESPONSE_HEAD) {
      return fail(ctx, "sent a response head over " + RawResponse.MAX_RESPONSE_HEAD / 1024 + " KiB");
    }
    RawResponse response = end < 0 ? null : RawHead.read(cumulation, end, RawResponse::parse);
    if (response == null) {
      return fail(ctx, "sent an answer that is not an HTTP/1.x response");
    }
    boolean bodyless = response.bodyless(headRequest);
    if (response.status.code() >= 200) {
      keepAlive = response.keepAlive;
    }
    if (bodyless) {
      body.length(0);
    } else if (response.chunked) {
      body.chunked();
      keepAlive &= response.contentLength < 0;  // both framings: read as chunked, never trusted again
    } else if (response.lengthKnown()) {
      body.length(response.contentLength);
    } else {
      body.untilClose();
      keepAlive = false;
    }
    ex.head(response);
    if (!body.reading() && exchange == ex) {
      ex.content(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    return true;
  }

  private boolean fail(ChannelHandlerContext ctx, String why) {
    Exchange ex = exchange;
    exchange = null;
    ctx.close();
    if (ex != null) {
      ex.closed(UpstreamFailure.badResponse(why));
    }
    return false;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange ex = exchange;
    if (ex != null && ctx.channel().isWritable()) {
      ex.writable();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && exchange == null) {
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Exchange ex = exchange;
    exchange = null;
    ctx.close();
    if (ex != null) {
      ex.closed(cause instanceof DecoderException d && d.getCause() != null ? d.getCause() : cause);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange ex = exchange;
    if (ex != null && body.untilCloseNow()) {
      body.length(0);
      ex.content(LastHttpContent.EMPTY_LAST_CONTENT);  // a body that ends with the connection ended
    }
    slot.closed(this);
    ex = exchange;
    exchange = null;
    if (ex != null) {
      ex.closed(CLOSED);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }
}
