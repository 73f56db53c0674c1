package dev.plat.proxy.downstream;

import dev.plat.proxy.dispatch.ProxyCore;
import dev.plat.proxy.hop.HopServer;
import dev.plat.proxy.http1.RawHead;
import dev.plat.proxy.http1.RawRequest;
import dev.plat.proxy.http1.BodyReader;
import dev.plat.proxy.http1.ForwardedHeaders;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.ConnectionGuard;
import dev.plat.cluster.InvocationGate;
import dev.plat.cluster.Names;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.ContextInternal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The HTTP/1.x invocation fast path of one gateway connection: a Netty handler placed before
 * Vert.x's request decoder. It reads request heads off the bytes itself ({@link RawRequest}: the
 * plain case, no header map) and serves the requests {@link InvocationGate} calls invocations
 * ({@link RawDownstream}, no Vert.x request or response); bodies are passed on as slices of what was
 * read ({@code Content-Length}, or chunked: de-chunked here, re-chunked upstream; trailers dropped).
 * The first other request (or a call from a browser origin the gateway answers CORS for, or
 * anything it does not read: other transfer codings, upgrades,
 * folded or oversized heads, absolute URIs) hands the connection to Vert.x for
 * good: the bytes from that request's start on, and whatever follows, go to Vert.x's decoder,
 * and this handler leaves the pipeline. Requests pipelined behind an invocation wait (reading
 * paused) until its response ended, so answers keep their order.
 *
 * <p>On the proxy port ({@link #forwarded}) there is no gate: every request must carry the cluster
 * secret ({@link Names.Header#CLUSTER_AUTH}, compared in constant time) or gets 401 here, before
 * anything else is looked at; then {@code /function/{name}/**} requests marked {@link
 * Names.Header#FORWARDED_BY} are served from local instances, unmarked ones get 403, and any other
 * path (the internal endpoints) is handed to Vert.x, whose handler checks the secret again.
 */
public final class FastPath extends ChannelInboundHandlerAdapter {
  public static final String NAME = "plat-fast-path";

  private final ProxyCore core;
  /** The gateway's rules; null on the proxy port. */
  private final InvocationGate gate;
  /** What each request on the proxy port must carry; null on the gateway. */
  private final ClusterSecret secret;
  private final ContextInternal context;
  /** What was read and not parsed yet: RawRequests, body pieces (HttpContent), raw bytes once {@link #raw}. */
  private final ArrayDeque<Object> held = new ArrayDeque<>(4);
  ChannelHandlerContext ctx;
  /** Where this handler writes bytes: its own context, so the writes skip Vert.x's encoder. */
  ChannelHandlerContext out;
  /** Bytes read and not yet parsed. */
  private ByteBuf cumulation;
  /** The body of the request being read off the connection, if any. */
  private final BodyReader reader = new BodyReader();
  /** A head this handler does not read came: everything from there on is Vert.x's. */
  private boolean raw;
  /** The exchange whose response has not ended. */
  private RawDownstream current;
  /** The exchange whose request body is still arriving. */
  private RawDownstream body;
  private boolean handedOver;
  /** What this handler last set autoRead to. */
  private boolean reading = true;
  /** The connection closes once the last response is flushed: nothing more is read. */
  private boolean closing;
  private String clientAddress;
  /** The last Authorization header the gate allowed on this connection. */
  private String authorized;
  /** The gateway's header and keep-alive deadlines, told of each exchange served here; null when none. */
  private ConnectionGuard guard;

  private FastPath(ProxyCore core, InvocationGate gate, ClusterSecret secret, ContextInternal context) {
    this.core = core;
    this.gate = gate;
    this.secret = secret;
    this.context = context;
  }

  /** The fast path of a gateway connection, with {@code gate}'s rules. */
  public static FastPath gateway(ProxyCore core, InvocationGate gate, ContextInternal context) {
    return new FastPath(core, gate, null, context);
  }

  /** The fast path of a proxy port connection: requests forwarded by other nodes, each with {@code secret}. */
  public static FastPath forwarded(ProxyCore core, ClusterSecret secret, ContextInternal context) {
    return new FastPath(core, null, secret, context);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.out = ctx;
    this.guard = ConnectionGuard.of(ctx.pipeline());
    // the pooled allocator with its per-thread caches, as upstream connections have (LoopConnections): a read
    // buffer or a response head is taken from this thread's cache, not from the shared adaptive pool
    ctx.channel().config().setAllocator(PooledByteBufAllocator.DEFAULT);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (handedOver || !(msg instanceof ByteBuf bytes)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (closing) {
      bytes.release();
      return;
    }
    if (secret != null && cumulation == null && current == null && held.isEmpty() && HopServer.opens(ctx, bytes)) {
      // another node's multiplexed hop: its streams are served by fast paths of their own
      HopServer.install(ctx, () -> forwarded(core, secret, context));
      handOver(bytes);
      return;
    }
    cumulation = cumulation == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, bytes);
    parse();
  }

  /** Turns what was read into requests and body pieces, each handed to {@link #received}. */
  private void parse() {
    while (cumulation != null && !handedOver && !closing && step()) {
      if (cumulation != null && !cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      }
    }
  }

  /** One step through the connection's bytes; false when it needs more. */
  private boolean step() {
    if (raw) {
      ByteBuf rest = cumulation;
      cumulation = null;
      received(rest);
      return true;
    }
    if (reader.reading()) {
      Object piece = reader.next(cumulation);
      if (piece == BodyReader.MORE) {
        return false;
      }
      if (piece == BodyReader.BROKEN) {
        return broken();
      }
      received(piece);
      return true;
    }
    int end = RawHead.headEnd(cumulation);
    if (end == -1) {
      return false;
    }
    RawRequest request = end < 0 ? null : RawHead.read(cumulation, end, RawRequest::parse);
    if (request == null) {
      raw = true;
    } else if (request.chunked && (current != null || !held.isEmpty())) {
      // a chunked request that has to wait: its bytes are kept as they came, in case Vert.x gets them
      raw = true;
      received(Unpooled.wrappedBuffer(request.head));
    } else {
      if (request.chunked) {
        reader.chunked();
      } else {
        reader.length(request.contentLength);
      }
      received(request);
      if (!request.body() && !handedOver) {
        received(LastHttpContent.EMPTY_LAST_CONTENT);
      }
    }
    return true;
  }

  /** The connection is closing (its exchange's answer said so, or it was reset): nothing more is read or served. */
  void stopReading() {
    closing = true;
  }

  /** Bytes that are not HTTP in the middle of a request body: the connection is closed. */
  private boolean broken() {
    closing = true;
    ctx.close();
    return false;
  }

  /** One request, body piece or run of raw bytes, in the order of the connection. */
  private void received(Object msg) {
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
    if (!(msg instanceof RawRequest request)) {
      if (isContent(msg)) {
        ReferenceCountUtil.release(msg);  // the rest of a body nobody reads
        return;
      }
      handOver(msg);
      return;
    }
    if (secret != null) {
      dispatchForwarded(request);
      return;
    }
    if (request.upgrade) {
      handOver(msg);
      return;
    }
    // a browser's call the gateway answers CORS for: its request handler admits it and does CORS
    if (request.origin != null && gate.corsAllows(request.origin)) {
      handOver(msg);
      return;
    }
    InvocationGate.Admission admission = gate.admit(host(request.host), request.path(), request.query(),
      request.authorization, authorized);
    if (admission == null) {  // not an invocation
      handOver(msg);
      return;
    }
    if (guard != null) {
      guard.headRead();
    }
    RawDownstream client = new RawDownstream(this, request);
    current = client;
    body = client;
    if (admission.refused() != null) {
      client.sendError(admission.refused(), null, null);
      return;
    }
    if (admission.allowed() != null) {
      authorized = admission.allowed();  // compared only with what this connection sent before
    }
    // the gateway's credentials stay here (GatewayCredentials): its Authorization and access_token
    request.stripAuthorization = admission.stripAuthorization();
    core.start(client, context, admission.function(), admission.path(), admission.query(), request.requestId);
  }

  /** A request on the proxy port: the cluster secret first, always (see the class comment). */
  private void dispatchForwarded(RawRequest request) {
    boolean member = secret.matches(request.clusterAuth);
    String path = request.path();
    boolean invocation = path.startsWith(ProxyCore.PREFIX);
    if (member && (request.upgrade || !invocation)) {
      handOver(request);
      return;
    }
    if (guard != null) {
      guard.headRead();
    }
    RawDownstream client = new RawDownstream(this, request);
    current = client;
    body = client;
    if (!member) {
      client.sendError(ProxyCore.NOT_A_MEMBER, null, null);
    } else if (request.forwardedBy == null) {
      client.sendError(ProxyCore.NOT_FORWARDED, null, null);
    } else {
      core.startForwarded(client, context, path, request.query(), request.requestId);
    }
  }



  /** Passes {@code first}, everything held and the unparsed rest to Vert.x as bytes, and leaves the pipeline. */
  private void handOver(Object first) {
    handedOver = true;
    if (!reading) {
      ctx.channel().config().setAutoRead(true);
    }
    fireBytes(first);
    Object msg;
    while ((msg = held.poll()) != null) {
      fireBytes(msg);
    }
    if (cumulation != null) {
      ByteBuf rest = cumulation;
      cumulation = null;
      ctx.fireChannelRead(rest);
    }
    ctx.fireChannelReadComplete();
    ctx.pipeline().remove(this);
  }

  /** The bytes {@code msg} was read from, on to Vert.x's decoder. */
  private void fireBytes(Object msg) {
    ByteBuf bytes = msg instanceof RawRequest r ? Unpooled.wrappedBuffer(r.head)
      : msg instanceof HttpContent c ? c.content() : (ByteBuf) msg;
    if (bytes.isReadable()) {
      ctx.fireChannelRead(bytes);
    } else {
      bytes.release();
    }
  }

  private void release() {
    Object msg;
    while ((msg = held.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }

  /** The response of {@code client} ended: on to the next held request, if any. */
  void ended(RawDownstream client) {
    if (current != client) {
      return;
    }
    current = null;
    if (guard != null) {
      guard.responseEnded();
    }
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
    RawDownstream b = body;
    boolean last = content instanceof LastHttpContent;
    if (last) {
      body = null;
    }
    b.received(content);
    return last;
  }

  private static boolean isContent(Object msg) {
    return msg instanceof HttpContent;
  }

  /** Reading goes on unless requests are held or the current request's body is paused. */
  void autoRead() {
    if (!handedOver) {
      RawDownstream b = body;
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
      clientAddress = remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress()
        : ForwardedHeaders.UNIX_CLIENT;
    }
    return clientAddress;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    RawDownstream c = current;
    if (c != null && ctx.channel().isWritable()) {
      c.drained();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    RawDownstream c = current;
    current = null;
    body = null;
    release();
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
