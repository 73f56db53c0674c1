package dev.plat.proxy.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One invocation from arrival to the end of its response. Runs on the event loop of the request;
 * only the queue protocol ({@link #claim()}, {@link #cancelWait()}) is touched by other threads.
 * Its timer (a Netty scheduled task, cheaper than a Vert.x timer) bounds the wait in the queue, then
 * the wait for the response head.
 */
final class Invocation implements Runnable {
  private static final AtomicIntegerFieldUpdater<Invocation> STATE =
    AtomicIntegerFieldUpdater.newUpdater(Invocation.class, "state");
  private static final int ACTIVE = 0;
  private static final int WAITING = 1;
  private static final int CANCELLED = 2;
  private static final CharSequence LOCALHOST = HttpHeaders.createOptimized("localhost");

  private final ProxyCore core;
  private final FunctionState fn;
  private final HttpServerRequest req;
  private final HttpServerResponse resp;
  private final ContextInternal ctx;
  /** Forwarded by another node: only local instances, headers as they came. */
  final boolean localOnly;
  private final String uri;
  private final String requestId;
  /** Instances whose sockets refused this invocation. */
  List<Upstream> excluded;
  private volatile int state;
  private boolean cold;
  private boolean waitTimer;
  private ScheduledFuture<?> timer;
  private Upstream upstream;
  private HttpClientRequest creq;
  private HttpClientResponse cresp;
  private boolean responded;
  private boolean clientGone;
  private int attempts;

  Invocation(ProxyCore core, FunctionState fn, HttpServerRequest req, ContextInternal ctx, String uri,
      boolean localOnly, String requestId) {
    this.core = core;
    this.fn = fn;
    this.req = req;
    this.resp = req.response();
    this.ctx = ctx;
    this.uri = uri;
    this.localOnly = localOnly;
    this.requestId = requestId;
  }

  void start() {
    req.pause();
    resp.closeHandler(v -> clientClosed());
    fn.requests.incrementAndGet();
    fn.dispatch(this);
  }

  // The queue protocol.

  /** Becomes a waiting invocation for at most {@code ms}; {@code cold}: waiting for an activation. */
  void waitFor(long ms, boolean cold) {
    cancelTimer();
    this.cold = cold;
    state = WAITING;
    waitTimer = true;
    timer = ctx.nettyEventLoop().schedule(this, ms, TimeUnit.MILLISECONDS);
  }

  boolean isWaiting() {
    return state == WAITING;
  }

  /** Takes a waiting invocation out of the queue to send it; false when it gave up already. */
  boolean claim() {
    return STATE.compareAndSet(this, WAITING, ACTIVE);
  }

  /** Gives up waiting; false when it was claimed already. */
  boolean cancelWait() {
    return STATE.compareAndSet(this, WAITING, CANCELLED);
  }

  void sendOnContext(Upstream u, long timeoutMs) {
    ctx.execute(() -> {
      cancelTimer();
      if (clientGone) {
        fn.release(u);
      } else {
        send(u, timeoutMs);
      }
    });
  }

  void failOnContext(PlatError error) {
    ctx.execute(error, this::fail);
  }

  void rejectBusy() {
    fail(new PlatError(429, "too_many_requests", "function '" + fn.name + "' is busy: its queue is full"));
  }

  /** The timer: the wait in the queue or for the response head is over. */
  @Override
  public void run() {
    timer = null;
    if (waitTimer) {
      waitTimer = false;
      if (cancelWait()) {
        fn.abandoned(this);
        fail(cold ? fn.activationTimeout() : timeout());
      }
      return;
    }
    if (responded || clientGone) {
      return;
    }
    fail(timeout());
    if (creq != null) {
      creq.reset();
    }
  }

  // Sending.

  void send(Upstream u, long timeoutMs) {
    upstream = u;
    attempts++;
    if (timer == null) {
      timer = ctx.nettyEventLoop().schedule(this, timeoutMs, TimeUnit.MILLISECONDS);
    }
    RequestOptions options = new RequestOptions().setServer(u.address).setMethod(req.method())
      .setURI(u.local ? uri : fn.remotePrefix + uri);
    core.clients.of(ctx.nettyEventLoop()).request(options).onComplete(this::connected);
  }

  private void connected(AsyncResult<HttpClientRequest> ar) {
    Upstream u = upstream;
    if (ar.failed()) {
      upstream = null;
      fn.release(u);
      if (responded || clientGone) {
        return;
      }
      if (attempts >= core.options.getMaxAttempts()) {
        fail(fn.unreachable());
        return;
      }
      if (excluded == null) {
        excluded = new ArrayList<>(2);
      }
      excluded.add(u);
      fn.dispatch(this);
      return;
    }
    creq = ar.result();
    if (responded || clientGone) {
      creq.reset();
      finish();
      return;
    }
    copyRequestHeaders(u);
    creq.response().onComplete(this::responded);
    creq.exceptionHandler(err -> { });
    sendBody();
  }

  private void copyRequestHeaders(Upstream u) {
    MultiMap in = req.headers();
    MultiMap out = creq.headers();
    HopHeaders.copy(in, out);
    if (!localOnly) {
      String forwardedFor = in.get(Names.Header.FORWARDED_FOR);
      String client = clientAddress();
      if (client != null) {
        out.set(Names.Header.FORWARDED_FOR, forwardedFor == null ? client : forwardedFor + ", " + client);
      }
      String host = in.get(HttpHeaders.HOST);
      if (host != null && !in.contains(Names.Header.FORWARDED_HOST)) {
        out.set(Names.Header.FORWARDED_HOST, host);
      }
      if (!in.contains(Names.Header.FORWARDED_PROTO)) {
        out.set(Names.Header.FORWARDED_PROTO, req.scheme());
      }
    }
    if (!out.contains(HttpHeaders.HOST)) {
      out.set(HttpHeaders.HOST, LOCALHOST);
    }
    out.set(Names.Header.REQUEST_ID, requestId);
    if (!u.local) {
      out.set(Names.Header.FORWARDED_BY, core.nodeId);
    }
  }

  private String clientAddress() {
    SocketAddress remote = req.remoteAddress();
    if (remote == null) {
      return null;
    }
    return remote.isDomainSocket() ? "unix" : remote.hostAddress();
  }

  private void sendBody() {
    boolean body;
    if (req.getHeader(HttpHeaders.CONTENT_LENGTH) != null || req.version() == HttpVersion.HTTP_1_0
        || req.version() == HttpVersion.HTTP_1_1) {
      body = Errors.hasBody(req);
    } else {
      body = !req.isEnded();
    }
    if (!body) {
      creq.end();
      req.resume();
      return;
    }
    if (req.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
      creq.setChunked(true);
    }
    if (req.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      resp.writeContinue();
    }
    creq.drainHandler(v -> req.resume());
    req.handler(this::requestData);
    req.endHandler(v -> creq.end());
    req.resume();
  }

  private void requestData(Buffer data) {
    creq.write(data);
    if (creq.writeQueueFull()) {
      req.pause();
    }
  }

  // Receiving.

  private void responded(AsyncResult<HttpClientResponse> ar) {
    cancelTimer();
    if (ar.failed()) {
      finish();
      if (!responded && !clientGone) {
        fail(new PlatError(502, "upstream_failed", "function '" + fn.name + "' failed: " + ar.cause().getMessage()));
      }
      return;
    }
    HttpClientResponse r = ar.result();
    cresp = r;
    if (responded || clientGone) {
      creq.reset();
      finish();
      return;
    }
    responded = true;
    int status = r.statusCode();
    resp.setStatusCode(status);
    String message = r.statusMessage();
    if (message != null) {
      resp.setStatusMessage(message);
    }
    MultiMap out = resp.headers();
    HopHeaders.copy(r.headers(), out);
    out.set(Names.Header.REQUEST_ID, requestId);
    if (!out.contains(HttpHeaders.CONTENT_LENGTH) && status != 204 && status != 304
        && req.method() != HttpMethod.HEAD && req.version() != HttpVersion.HTTP_1_0) {
      resp.setChunked(true);
    }
    resp.drainHandler(v -> r.resume());
    r.exceptionHandler(this::responseFailed);
    r.endHandler(v -> responseEnded());
    r.handler(this::responseData);
  }

  private void responseData(Buffer data) {
    resp.write(data);
    if (resp.writeQueueFull()) {
      cresp.pause();
    }
  }

  private void responseEnded() {
    resp.end();
    finish();
  }

  private void responseFailed(Throwable err) {
    finish();
    if (!resp.ended()) {
      resp.reset();
    }
  }

  // Endings.

  private void clientClosed() {
    clientGone = true;
    if (cancelWait()) {
      cancelTimer();
      fn.abandoned(this);
      return;
    }
    if (upstream != null && creq != null) {
      creq.reset();
      finish();
    }
  }

  /** Frees the instance slot; idempotent. */
  private void finish() {
    Upstream u = upstream;
    if (u != null) {
      upstream = null;
      cancelTimer();
      fn.release(u);
    }
  }

  void fail(PlatError error) {
    cancelTimer();
    if (clientGone) {
      return;
    }
    if (responded) {
      if (resp.headWritten() && !resp.ended()) {
        resp.reset();
      }
      return;
    }
    responded = true;
    Errors.send(req, error, requestId, core.retryAfter);
  }

  private PlatError timeout() {
    return new PlatError(504, "timeout", "function '" + fn.name + "' did not answer within "
      + fn.pool().timeoutMs + " ms");
  }

  private void cancelTimer() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      timer = null;
      waitTimer = false;
      t.cancel(false);
    }
  }
}
