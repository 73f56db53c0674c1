package dev.plat.proxy.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * A kept-alive HTTP/1.1 connection to one instance socket (or another node's proxy port), owned
 * by one event loop: the last handler of a Netty pipeline after a {@link ResponseDecoder}; request
 * heads and bodies are written as bytes by the {@link Exchange}. It serves
 * one {@link Exchange} at a time and goes back to its {@link ConnectionSlot} when the exchange ends.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
  private static final ClosedChannelException CLOSED = new ClosedChannelException();

  final ConnectionSlot slot;
  Channel channel;
  ResponseDecoder decoder;
  private Exchange exchange;
  private boolean keepAlive = true;
  /** Exchanges served, this one included: above 1 the connection came from the idle pool. */
  int uses;
  /** Whether any response byte arrived for the current exchange. */
  boolean answered;

  UpstreamConnection(ConnectionSlot slot) {
    this.slot = slot;
  }

  /** Serves {@code exchange}; {@code head}: it is a HEAD request. */
  void start(Exchange exchange, boolean head) {
    this.exchange = exchange;
    this.keepAlive = true;
    this.answered = false;
    this.uses++;
    decoder.head = head;
  }

  /**
   * The exchange is over: the connection goes back to the slot when {@code reusable} and the
   * response allowed keep-alive, else it closes.
   */
  void done(boolean reusable) {
    exchange = null;
    if (reusable && keepAlive && channel.isActive()) {
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
    Exchange ex = exchange;
    if (ex == null || (msg instanceof HttpObject o && o.decoderResult().isFailure())) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    answered = true;
    if (msg instanceof HttpResponse response) {
      if (response.status().code() >= 200) {
        keepAlive = HttpUtil.isKeepAlive(response);
      }
      ex.head(response);
    }
    if (msg instanceof HttpContent content) {
      ex.content(content);
    }
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
    slot.closed(this);
    Exchange ex = exchange;
    exchange = null;
    if (ex != null) {
      ex.closed(CLOSED);
    }
  }
}
