package dev.plat.proxy.dispatch;

import dev.plat.cluster.Names;
import dev.plat.cluster.VertxPipelines;
import dev.plat.cluster.api.PlatError;
import dev.plat.proxy.downstream.VertxDownstream;
import dev.plat.proxy.http1.ForwardedHeaders;
import dev.plat.proxy.http1.HopHeaders;
import dev.plat.proxy.upstream.LoopConnections;
import dev.plat.proxy.upstream.Upstream;
import dev.plat.proxy.upstream.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import java.util.List;
import java.util.stream.Stream;

/**
 * One upgrade (WebSocket) invocation's exchange with its instance, on vertx-http-proxy's
 * {@link HttpProxy}: the proxy copies the handshake up and the answer back; Plat gives it the
 * origin and keeps the rest around it. As the origin provider, it starts an {@link Invocation} (the
 * function's limits, queue, cold-start wait and metrics, as for any invocation) and answers the
 * origin request once {@link Invocation#send} chose an instance: a request on a connection to it
 * (an upgraded connection leaves the client's pool), its peer checked like every upstream connection
 * ({@link LoopConnections#verified}: the process behind the socket must be the instance's). As an
 * interceptor it writes what the function must see (request id, {@code X-Forwarded-*}, the
 * forwarding marks to another node) and, instead of the proxy's own relay (which writes without
 * back-pressure), relays the two sockets after a 101 with pipes that pause the reading side while
 * the other's write queue is full. The instance's slot stays taken (in flight) until either side
 * closes, so scale-to-zero never pauses an instance with an open socket. A refusal (any status but
 * 101) goes back with its body as a plain response.
 */
final class Tunnel implements OriginRequestProvider, ProxyInterceptor {
  /**
   * Headers a caller may send that never reach a function this way: the hop-by-hop ones ({@link
   * HopHeaders#HOP_BY_HOP}) but the handshake's own (Connection, Upgrade: HttpProxy writes them),
   * Transfer-Encoding (the framing of a body HttpProxy relays as it came) and Proxy-Authenticate (a
   * response's); the cluster's marks ({@link HopHeaders#INTERNAL}); the caller's request id (the
   * proxy sets its own).
   */
  private static final List<String> DROPPED = Stream.of(
      except(HopHeaders.HOP_BY_HOP, "connection", "upgrade", "transfer-encoding", "proxy-authenticate").stream(),
      HopHeaders.INTERNAL.stream(), Stream.of(Names.Header.REQUEST_ID))
    .flatMap(names -> names).toList();

  /**
   * Hop-by-hop headers of a refusal that HttpProxy would pass on: all but Transfer-Encoding
   * (HttpProxy drops it and frames the body itself) and Proxy-Authorization (a request's).
   */
  private static final List<String> HOP_BY_HOP = except(HopHeaders.HOP_BY_HOP, "transfer-encoding",
    "proxy-authorization");

  private final ProxyCore core;
  private final ProxiedFunction fn;
  private final HttpServerRequest req;
  private final ContextInternal ctx;
  private final String uri;
  private final boolean forwarded;
  private final String requestId;
  private Invocation inv;
  private ProxyContext proxy;
  private Promise<HttpClientRequest> origin;
  /** The handshake's request to the instance, once its connection is checked. */
  private HttpClientRequest upstream;
  private boolean over;

  Tunnel(ProxyCore core, ProxiedFunction fn, HttpServerRequest req, ContextInternal ctx, String uri, boolean forwarded,
      String requestId) {
    this.core = core;
    this.fn = fn;
    this.req = req;
    this.ctx = ctx;
    this.uri = uri;
    this.forwarded = forwarded;
    this.requestId = requestId;
  }

  /** Hands the request to a reverse proxy of its own, with this tunnel as origin and interceptor. */
  void start() {
    inv = new Invocation(core, fn, new VertxDownstream(req), ctx, uri, forwarded, requestId, this);
    HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), core.tunnelClient())
      .origin(this)
      .addInterceptor(this, true)
      .handle(req);
  }

  // The origin.

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    proxy = context;
    origin = Promise.promise();
    inv.start();  // dispatch: now, or after the queue or the cold start; then send(upstream)
    return origin.future();
  }

  /**
   * The invocation chose {@code u} (called by {@link Invocation#send} on the request's loop): a
   * request on a connection to it, whose peer is checked before the handshake is written.
   */
  void send(Upstream u) {
    core.tunnelClient().request(new RequestOptions().setServer(u.address).setHost("localhost").setPort(80))
      .onComplete(ar -> {
        if (ar.failed()) {
          inv.connectFailed(ar.cause());
          return;
        }
        HttpClientRequest up = ar.result();
        if (!LoopConnections.verified(u, VertxPipelines.channel(up.connection()))) {
          up.connection().close();
          inv.connectFailed(UpstreamFailure.unverified());
        } else if (over) {
          up.reset();
        } else {
          upstream = up;
          prepare(up, u);
          origin.tryComplete(up);
        }
      });
  }

  /** What the function sees beside the caller's own headers (HttpProxy copies them, minus Host). */
  private void prepare(HttpClientRequest up, Upstream u) {
    if (req.authority() != null) {
      up.authority(req.authority());
    }
    proxy.request().setURI(u.local ? uri : fn.remotePrefix + uri);
    MultiMap headers = proxy.request().headers();
    DROPPED.forEach(headers::remove);
    if (!forwarded) {
      ForwardedHeaders.set(headers, ForwardedHeaders.client(req.remoteAddress()),
        req.authority() == null ? null : req.authority().toString(), req.scheme());
    }
    headers.set(Names.Header.REQUEST_ID, requestId);
    if (!u.local) {
      core.forwarding.set(headers);
    }
  }

  // The answer.

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    HttpClientResponse answer = context.response().proxiedResponse();
    if (answer == null) {
      // no answer: Plat's error went out already, or the instance closed before answering
      if (!over && !req.response().ended()) {
        inv.fail(new PlatError(502, "upstream_failed", "function '" + fn.name
          + "' closed the connection before it answered the upgrade"));
      }
      return Future.succeededFuture();
    }
    if (over) {
      answer.request().connection().close();
      return Future.succeededFuture();
    }
    upstream = null;  // answered: nothing to cut any more
    inv.answered(answer.statusCode());
    if (answer.statusCode() != 101) {
      // the function refused the upgrade: its answer, body and all, streamed back as any response
      MultiMap headers = context.response().headers();
      HOP_BY_HOP.forEach(headers::remove);
      headers.set(Names.Header.REQUEST_ID, requestId);
      return context.response().send().onComplete(ar -> inv.tunnelClosed());
    }
    HttpServerResponse out = req.response();
    out.setStatusCode(101);
    out.headers().addAll(answer.headers()).set(Names.Header.REQUEST_ID, requestId);
    NetSocket upstream = answer.netSocket();
    req.toNetSocket().onComplete(ar -> {
      if (ar.failed()) {
        upstream.close();
        inv.tunnelClosed();
        return;
      }
      relay(ar.result(), upstream);
    });
    return Future.succeededFuture();
  }

  /** Bytes both ways with back-pressure (a pipe pauses its source while its destination is full) until one side closes. */
  private void relay(NetSocket caller, NetSocket instance) {
    caller.closeHandler(v -> {
      instance.close();
      inv.tunnelClosed();
    });
    instance.closeHandler(v -> {
      caller.close();
      inv.tunnelClosed();
    });
    caller.pipeTo(instance);
    instance.pipeTo(caller);
  }

  /** The invocation is over (failed, timed out, the caller gone, or the tunnel closed): the instance's side closes. */
  void finished() {
    if (over) {
      return;
    }
    over = true;
    if (origin != null) {
      origin.tryFail("the invocation ended before the upgrade went out");
    }
    HttpClientRequest up = upstream;
    if (up != null) {
      up.reset();  // no-op once the response ended or the sockets are joined (they close on their own)
    }
  }

  /** {@code names} without {@code left}. */
  private static List<String> except(List<String> names, String... left) {
    List<String> out = List.of(left);
    return names.stream().filter(name -> !out.contains(name)).toList();
  }
}
