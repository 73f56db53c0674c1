package dev.plat.proxy.impl;

import dev.plat.cluster.InvocationGate;
import dev.plat.cluster.api.PlatError;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.internal.ContextInternal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The HTTP/1.x invocation fast path of one gateway connection: a Netty handler placed right before
 * Vert.x's own in the pipeline, after the request decoder. It takes the requests {@link InvocationGate}
 * calls invocations and serves them itself ({@link FastClient}, no Vert.x request or response);
 * the first other request (or anything it does not handle: upgrades, bad requests, absolute URIs)
 * hands the connection to Vert.x for good: it is passed on, with whatever follows, and this handler
 * leaves the pipeline. Requests pipelined behind an invocation wait (reading paused) until its
 * response ended, so answers keep their order.
 */
final class FastPath extends ChannelInboundHandlerAdapter {
  static final String NAME = "plat-fast-path";

  private final ProxyCore core;
  private final InvocationGate gate;
  private final ContextInternal context;
  private final ArrayDeque<Object> held = new ArrayDeque<>(4);
  ChannelHandlerContext ctx;
  /** Where this handler writes bytes: the decoder's context, so the writes skip Vert.x's encoder. */
  ChannelHandlerContext out;
  /** The exchange whose response has not ended. */
  private FastClient current;
  /** The exchange whose request body is still arriving. */
  private FastClient body;
  private boolean handedOver;
  /** What this handler last set autoRead to. */
  private boolean reading = true;
  /** The connection closes once the last response is flushed: nothing more is read. */
  boolean closing;
  private String clientAddress;
  /** The last Authorization header the gate allowed on this connection. */
  private String authorized;

  FastPath(ProxyCore core, InvocationGate gate, ContextInternal context) {
    this.core = core;
    this.gate = gate;
    this.context = context;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.out = ctx.pipeline().context("httpDecoder");
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (handedOver) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (body != null && isContent(msg)) {
      if (deliver((HttpContent) msg) && current == null) {
        next();
      }
      return;
    }
    if (current != null || !held.isEmpty()) {
      held.add(msg);
      autoRead();
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (!(msg instanceof HttpRequest request) || !(request.headers() instanceof MultiMap)
        || request.decoderResult().isFailure()) {
      if (isContent(msg)) {
        ReferenceCountUtil.release(msg);  // the rest of a body nobody reads
        return;
      }
      handOver(msg);
      return;
    }
    String uri = request.uri();
    if ((request.protocolVersion() != HttpVersion.HTTP_1_1 && request.protocolVersion() != HttpVersion.HTTP_1_0)
        || uri.isEmpty() || uri.charAt(0) != '/') {
      handOver(msg);
      return;
    }
    RequestHead head = RequestHead.of(request);
    if (head.upgrade) {
      handOver(msg);
      return;
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    InvocationGate.Verdict verdict = gate.check(host(head.host), path);
    if (verdict == null) {
      handOver(msg);
      return;
    }
    FastClient client = new FastClient(this, request, head);
    current = client;
    body = client;
    PlatError refused = verdict.refused();
    if (refused == null && !verdict.isPublic()) {
      refused = authorize(head.authorization);
    }
    if (refused != null) {
      client.sendError(refused, null, null);
      return;
    }
    if (!verdict.isPublic() && head.authorization != null) {
      request.headers().remove(HttpHeaderNames.AUTHORIZATION);
    }
    core.start(client, context, verdict.function(), verdict.path(), q < 0 ? null : uri.substring(q + 1),
      head.requestId);
  }

  /**
   * The gate's answer for {@code authorization}, remembered for this connection when it allowed:
   * a client repeats the same header on each request, and it is compared only with what this
   * connection sent before (the gate's check hashes the token; a comparison with another
   * connection's token would leak timing).
   */
  private PlatError authorize(String authorization) {
    if (authorization != null && authorization.equals(authorized)) {
      return null;
    }
    PlatError refused = gate.authorize(authorization);
    if (refused == null) {
      authorized = authorization;
    }
    return refused;
  }

  /** Passes {@code first} and everything held to Vert.x, and leaves the pipeline. */
  private void handOver(Object first) {
    handedOver = true;
    if (!reading) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelRead(first);
    Object msg;
    while ((msg = held.poll()) != null) {
      ctx.fireChannelRead(msg);
    }
    ctx.fireChannelReadComplete();
    ctx.pipeline().remove(this);
  }

  /** The response of {@code client} ended: on to the next held request, if any. */
  void ended(FastClient client) {
    if (current != client) {
      return;
    }
    current = null;
    if (body == client) {
      if (client.announcesBody()) {
        // the answer came before the whole request body: the connection cannot be reused
        body = null;
        client.closeAfterFlush();
      }
      // else only the empty end of the request is still to come: next() runs when it does
      return;
    }
    next();
  }

  private void next() {
    Object msg;
    while (!handedOver && !closing && (msg = held.peek()) != null) {
      if (body != null && isContent(msg)) {
        held.poll();
        deliver((HttpContent) msg);
      } else if (current == null) {
        held.poll();
        dispatch(msg);
      } else {
        break;
      }
    }
    autoRead();
  }

  /** A piece of the current request's body; true when it was the last. */
  private boolean deliver(HttpContent content) {
    FastClient b = body;
    boolean last = content instanceof LastHttpContent;
    if (last) {
      body = null;
    }
    b.received(content);
    return last;
  }

  private static boolean isContent(Object msg) {
    return msg instanceof HttpContent && !(msg instanceof HttpRequest);
  }

  /** Reading goes on unless requests are held or the current request's body is paused. */
  void autoRead() {
    if (!handedOver) {
      FastClient b = body;
      boolean read = held.isEmpty() && (b == null || !b.paused());
      if (read != reading) {
        reading = read;
        ctx.channel().config().setAutoRead(read);
      }
    }
  }

  String clientAddress() {
    if (clientAddress == null) {
      SocketAddress remote = ctx.channel().remoteAddress();
      clientAddress = remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "unix";
    }
    return clientAddress;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    FastClient c = current;
    if (c != null && ctx.channel().isWritable()) {
      c.drained();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    FastClient c = current;
    current = null;
    body = null;
    Object msg;
    while ((msg = held.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
    if (c != null) {
      c.closed();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (current != null) {
      ctx.close();
    } else {
      ctx.fireExceptionCaught(cause);
    }
  }

  /** The Host header's host in lower case without the port, or null. */
  static String host(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return null;
    }
    int end = hostHeader.length();
    if (hostHeader.charAt(0) == '[') {
      int close = hostHeader.indexOf(']');
      end = close < 0 ? end : close + 1;
    } else {
      int colon = hostHeader.lastIndexOf(':');
      end = colon < 0 ? end : colon;
    }
    String host = hostHeader.substring(0, end);
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return host.toLowerCase(Locale.ROOT);
      }
    }
    return host.isEmpty() ? null : host;
  }

}
