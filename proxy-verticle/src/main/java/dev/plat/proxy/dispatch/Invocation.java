package dev.plat.proxy.dispatch;

import dev.plat.proxy.upstream.UpstreamConnection;
import dev.plat.proxy.upstream.Upstream;
import dev.plat.proxy.upstream.LoopConnections;
import dev.plat.proxy.upstream.UpstreamFailure;
import dev.plat.proxy.upstream.Exchange;
import dev.plat.proxy.upstream.Deadlines;

import dev.plat.proxy.http1.RawResponse;
import dev.plat.proxy.http1.RequestEncoder;

import dev.plat.cluster.api.PlatError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One invocation from arrival to the end of its response, on the event loop of the request (which
 * also owns its upstream connection). Its {@link Phase} says where it is:
 *
 * <pre>
 *            dispatch: an instance is free                         head (2xx-5xx) to the client,
 *   NEW ───────────────────────────────────────────▶ EXCHANGING ─── or fail() answered an error ──▶ RESPONDING
 *    │                                                 ▲   │                                          │
 *    │ dispatch: none free (waitFor)                   │   │ connect failed: dispatch again           │
 *    ▼                          claim()  sendOnContext │   ▼ (may queue again)                        │
 *   QUEUED ──(another loop)──▶ CLAIMED ────────────────┘  QUEUED                                      │
 *    │                                                                                                 │
 *    │ cancelWait(): its timer, the client gone, no instance left                                      │
 *    ▼                                                                                                 ▼
 *   GAVE_UP ── fail() ──▶ RESPONDING                     finish(): slot and connection freed, once (upstream == null)
 * </pre>
 *
 * Only the queue protocol ({@link #claim()}, {@link #cancelWait()}, {@link #isWaiting()}) is used by
 * other threads: QUEUED leaves by one compare-and-set, to CLAIMED or GAVE_UP. One timer (a node of
 * the loop's {@link Deadlines}) bounds the wait while QUEUED (504 or the activation timeout), then
 * the whole exchange with the instance from EXCHANGING on (request, response head and body): when
 * it runs out before RESPONDING the caller gets 504, after it the response is cut and the upstream
 * connection closed.
 *
 * <p>An upgrade (WebSocket) has a {@link Tunnel}: from EXCHANGING on the tunnel does the exchange
 * (vertx-http-proxy) instead of an upstream connection; {@link #answered} moves it to RESPONDING and
 * stops the timer, {@link #tunnelClosed} finishes it when either socket closes.
 *
 * <p>Beside the phase, flags that change independently of it: the client's going away
 * ({@code clientGone}, in any phase), the request's body flow ({@code requestHeld},
 * {@code requestPaused}, {@code chunked}, {@code requestSent}: a function may answer before it read
 * the whole request), the response's ({@code informational} while a 1xx is skipped,
 * {@code upstreamPaused} while the client's write queue is full), and what earlier attempts left
 * ({@code retriedStale}, {@code unverified}, {@code excluded}, {@code attempts}, {@code metered}).
 */
final class Invocation extends Deadlines.Node implements Exchange, Downstream.Listener {
  /** Where an invocation is: see the class comment for the transitions. */
  enum Phase {
    /** Arrived; not yet sent or queued. */
    NEW,
    /** In its function's queue, waiting for an instance (cold: for an activation). */
    QUEUED,
    /** Taken from the queue by some thread; its own loop sends it next. */
    CLAIMED,
    /** Stopped waiting (timeout, client gone, no instance): it fails or ends, never sent. */
    GAVE_UP,
    /** An instance is chosen: connecting, sending the request, waiting for the response head. */
    EXCHANGING,
    /** The client got its response head (the function's, or an error): the body streams. */
    RESPONDING
  }

  private static final AtomicReferenceFieldUpdater<Invocation, Phase> PHASE =
    AtomicReferenceFieldUpdater.newUpdater(Invocation.class, Phase.class, "phase");
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

  private final ProxyCore core;
  private final ProxiedFunction fn;
  private final Downstream client;
  /** An upgrade (WebSocket): its exchange with the instance is the tunnel's, not an upstream connection's. */
  private final Tunnel tunnel;
  private final ContextInternal ctx;
  /** Forwarded by another node: only local instances, headers as they came. */
  final boolean localOnly;
  private final String uri;
  private final String requestId;
  private final long arrivedNanos = System.nanoTime();
  /** Counted already; from the start when forwarded: the node that forwarded it counts it. */
  private boolean metered;
  /** Instances whose sockets refused this invocation. */
  List<Upstream> excluded;
  private volatile Phase phase = Phase.NEW;
  /** While QUEUED: waiting for an activation (its timeout is the activation timeout). */
  /** What the invocation waits for while QUEUED: says which error its timer answers. */
  private Wait waiting = Wait.INSTANCE;
  /** When every instance it tried first refused it (nanos; 0: none has): bounds {@link Wait#REACHABLE}. */
  private long refusedSince;
  private final LoopConnections loop;
  private Upstream upstream;
  private UpstreamConnection conn;
  private boolean clientGone;
  /** The request body is held (paused) until an instance is ready. */
  private boolean requestHeld;
  /** The upstream connection's write buffer is full: the request body is paused. */
  private boolean requestPaused;
  private boolean chunked;
  private boolean requestSent;
  /** A 1xx head came: its content is skipped until the final head. */
  private boolean informational;
  /** The client's write queue is full: the upstream connection stopped reading. */
  private boolean upstreamPaused;
  private boolean retriedStale;
  private int attempts;
  /** A new connection reached a process that is not the instance's ({@link UpstreamFailure#unverified}). */
  private boolean unverified;

  Invocation(ProxyCore core, ProxiedFunction fn, Downstream client, ContextInternal ctx, String uri,
      boolean localOnly, String requestId) {
    this(core, fn, client, ctx, uri, localOnly, requestId, null);
  }

  Invocation(ProxyCore core, ProxiedFunction fn, Downstream client, ContextInternal ctx, String uri,
      boolean localOnly, String requestId, Tunnel tunnel) {
    this.tunnel = tunnel;
    this.core = core;
    this.fn = fn;
    this.client = client;
    this.ctx = ctx;
    this.uri = uri;
    this.localOnly = localOnly;
    this.requestId = requestId;
    this.metered = localOnly;
    this.loop = core.connections.of(ctx.nettyEventLoop());
  }

  void start() {
    if (client.holdBody()) {
      requestHeld = true;
      client.pause();
    }
    client.closeHandler(this);
    fn.requests.incrementAndGet();
    fn.dispatch(this);
  }

  // The queue protocol.

  /** Why an invocation waits in its function's queue. */
  enum Wait {
    /** For a free slot on an instance: 504 when it runs out. */
    INSTANCE,
    /** For an activation (no instance at all): 503 {@code activation_timeout}. */
    ACTIVATION,
    /**
     * For an instance that accepts: every instance it tried refused (a dead node's, whose routes
     * are not out yet; a paused one's). 502 {@code instance_unreachable} when it runs out.
     */
    REACHABLE,
    /**
     * Forwarded here for this node's instance, for the route to reach this node's table: 502
     * {@code instance_gone} when it runs out.
     */
    LOCAL_ROUTE
  }

  /** Becomes a waiting invocation for at most {@code ms}, for {@code why}. */
  void waitFor(long ms, Wait why) {
    cancelTimer();
    this.waiting = why;
    phase = Phase.QUEUED;
    loop.deadlines.arm(this, ms);
  }

  boolean isWaiting() {
    return phase == Phase.QUEUED;
  }

  /** Takes a waiting invocation out of the queue to send it; false when it gave up already. */
  boolean claim() {
    return PHASE.compareAndSet(this, Phase.QUEUED, Phase.CLAIMED);
  }

  /** Gives up waiting; false when it was claimed already. */
  boolean cancelWait() {
    return PHASE.compareAndSet(this, Phase.QUEUED, Phase.GAVE_UP);
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

  /** The timer: the wait in the queue, or the exchange with the instance, is over. */
  @Override
  public void run() {
    Phase now = phase;
    if (now == Phase.QUEUED || now == Phase.CLAIMED || now == Phase.GAVE_UP) {
      // the wait is over; a claimed invocation is about to be sent, one that gave up is failing already
      if (cancelWait()) {
        fn.abandoned(this);
        fail(switch (waiting) {
          case INSTANCE -> timeout();
          case ACTIVATION -> fn.activationTimeout();
          case REACHABLE -> unreachable();
          case LOCAL_ROUTE -> fn.gone();
        });
        fn.drain();  // those queued behind it may be served by instances it had excluded
      }
      return;
    }
    if (clientGone) {
      return;
    }
    if (now != Phase.RESPONDING) {
      fail(timeout());
      return;
    }
    if (!client.ended()) {
      client.reset();  // the head went out: cutting the response is the only way left to say it failed
      metered(504);
    }
    finish(false);
  }

  // The request.

  void send(Upstream u, long timeoutMs) {
    enter(Phase.EXCHANGING);
    upstream = u;
    attempts++;
    if (!armed()) {
      loop.deadlines.arm(this, timeoutMs);
    }
    if (tunnel != null) {
      tunnel.send(u);
      return;
    }
    loop.slot(u).acquire(this);
  }

  @Override
  public boolean abandoned() {
    return responded() || clientGone;
  }

  @Override
  public void connectFailed(Throwable cause) {
    Upstream u = upstream;
    if (u == null) {
      return;
    }
    upstream = null;
    unverified |= cause instanceof UpstreamFailure f && f.unverified;
    failedBeforeAnswer(u);
    fn.release(u);
    if (responded() || clientGone) {
      return;
    }
    if (excluded == null) {
      excluded = new ArrayList<>(2);
    }
    excluded.add(u);
    if (attempts >= core.options.getMaxAttempts()) {
      fn.refusedEverywhere(this);
      return;
    }
    fn.dispatch(this);
  }

  @Override
  public void connected(UpstreamConnection c) {
    conn = c;
    Upstream u = upstream;
    c.start(this, client.isHead());
    Channel ch = c.channel();
    ByteBuf head = ch.alloc().ioBuffer(512);
    int flags = client.encodeHead(head, u.local ? uri : fn.remotePrefix + uri, !localOnly, requestId,
      u.local ? null : core.forwarding);
    if ((flags & RequestEncoder.BODY) == 0) {
      ch.writeAndFlush(head, ch.voidPromise());
      requestSent = true;
      if (requestHeld) {
        client.resume();
      }
      return;
    }
    chunked = (flags & RequestEncoder.CHUNKED) != 0;
    ch.write(head, ch.voidPromise());
    if ((flags & RequestEncoder.EXPECT_CONTINUE) != 0) {
      ch.flush();
      client.writeContinue();
    }
    client.bodyHandler(this);
    client.resume();
  }

  @Override
  public void requestData(ByteBuf bytes) {
    UpstreamConnection c = conn;
    if (c == null) {
      bytes.release();
      return;
    }
    if (chunked) {
      if (!bytes.isReadable()) {
        bytes.release();
        return;
      }
      ByteBuf size = c.channel().alloc().ioBuffer(12);
      ByteBufUtil.writeAscii(size, Integer.toHexString(bytes.readableBytes()));
      size.writeBytes(CRLF);
      c.channel().write(size, c.channel().voidPromise());
      c.channel().write(bytes, c.channel().voidPromise());
      c.channel().writeAndFlush(Unpooled.wrappedBuffer(CRLF), c.channel().voidPromise());
    } else {
      c.channel().writeAndFlush(bytes, c.channel().voidPromise());
    }
    if (!c.channel().isWritable()) {
      requestPaused = true;
      client.pause();
    }
  }

  @Override
  public void requestEnded() {
    UpstreamConnection c = conn;
    if (c != null) {
      if (chunked) {
        c.channel().writeAndFlush(Unpooled.wrappedBuffer(LAST_CHUNK));
      } else {
        c.channel().flush();
      }
      requestSent = true;
    }
  }

  @Override
  public void writable() {
    if (requestPaused) {
      requestPaused = false;
      client.resume();
    }
  }

  // The response.

  @Override
  public void head(RawResponse response) {
    int status = response.status.code();
    if (status < 200 && status != 101) {
      informational = true;
      return;
    }
    if (status == 101) {
      fail(new PlatError(502, "upstream_failed", "function '" + fn.name + "' switched protocols (101): not supported"));
      return;
    }
    enter(Phase.RESPONDING);
    Upstream u = upstream;
    if (u != null) {
      core.ejector.answered(u);
    }
    client.head(response, requestId);
    client.drainHandler(this);
  }

  @Override
  public void content(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    ByteBuf data = content.content();
    if (informational || clientGone || !responded() || client.ended()) {
      data.release();
      informational &= !last;
      return;
    }
    if (last) {
      client.end(data);
      metered(client.status());
      finish(true);
      return;
    }
    if (data.isReadable()) {
      client.write(data);
    } else {
      data.release();
    }
    if (client.writeQueueFull() && conn != null) {
      upstreamPaused = true;
      conn.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void clientDrained() {
    if (upstreamPaused && conn != null) {
      upstreamPaused = false;
      conn.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void closed(Throwable cause) {
    UpstreamConnection c = conn;
    conn = null;
    if (c != null && c.uses() > 1 && !c.answered() && !responded() && !clientGone && !requestHeld && !retriedStale
        && client.isIdempotent()) {
      // a kept-alive connection the function closed as the request went out: send again on a fresh one
      retriedStale = true;
      requestSent = false;
      c.slot.acquire(this);
      return;
    }
    if (!responded() && !clientGone) {
      if (c != null && c.uses() == 1 && !c.answered()) {
        // a fresh connection closed unanswered (a kept-alive one may just have timed out at the function)
        failedBeforeAnswer(upstream);
      }
      fail(new PlatError(502, "upstream_failed", "function '" + fn.name + "' " + (cause instanceof UpstreamFailure
        ? cause.getMessage() : "closed the connection before it answered")));
    } else if (!clientGone && !client.ended()) {
      client.reset();
      metered(client.status());
    }
    finish(false);
  }

  // An upgrade's answer (the tunnel's).

  /**
   * The instance answered the upgrade with {@code status} (101: the sockets are joined): counted
   * now, its timer off. The instance's slot stays taken until {@link #tunnelClosed}.
   */
  void answered(int status) {
    cancelTimer();
    enter(Phase.RESPONDING);
    Upstream u = upstream;
    if (u != null) {
      core.ejector.answered(u);
    }
    metered(status);
  }

  /** The tunnel closed (or the refusal was sent): the instance's slot is free. */
  void tunnelClosed() {
    finish(false);
  }

  // Endings.

  @Override
  public void clientClosed() {
    clientGone = true;
    if (!responded()) {
      metered(499);
    }
    if (cancelWait()) {
      cancelTimer();
      fn.abandoned(this);
      return;
    }
    finish(false);
  }

  /** Frees the instance slot and the connection (kept alive only when {@code reusable}); idempotent. */
  private void finish(boolean reusable) {
    if (tunnel != null) {
      tunnel.finished();
    }
    Upstream u = upstream;
    if (u == null) {
      return;
    }
    upstream = null;
    cancelTimer();
    UpstreamConnection c = conn;
    if (c != null) {
      conn = null;
      if (upstreamPaused) {
        upstreamPaused = false;
        c.channel().config().setAutoRead(true);
      }
      c.done(reusable && requestSent);
    }
    fn.release(u);
  }

  void fail(PlatError error) {
    cancelTimer();
    if (!clientGone) {
      if (responded()) {
        if (client.headWritten() && !client.ended()) {
          client.reset();
        }
      } else {
        enter(Phase.RESPONDING);
        client.sendError(error, requestId, core.retryAfter);
        metered(error.status());
      }
    }
    finish(false);
  }

  /** The connection to {@code u} failed before any response byte: it is ejected (counted once per ejection). */
  private void failedBeforeAnswer(Upstream u) {
    if (u != null && core.ejector.failed(u)) {
      fn.meters.ejected();
    }
  }

  /** Counts the invocation once, with the status the client got. */
  private void metered(int status) {
    if (!metered) {
      metered = true;
      fn.meters.record(status, System.nanoTime() - arrivedNanos);
    }
  }

  /**
   * How long it may still wait for an instance that accepts, of {@code limitMs} from its first
   * refusal everywhere (which this call marks).
   */
  long reachableWaitLeftMs(long limitMs) {
    long now = System.nanoTime();
    if (refusedSince == 0) {
      refusedSince = now == 0 ? 1 : now;
    }
    return limitMs - java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(now - refusedSince);
  }

  /** No instance could serve it: refused connections, or (when one was found) a process that is not the instance. */
  PlatError unreachable() {
    return unverified ? new PlatError(502, "instance_unverified", "function '" + fn.name
      + "' is not served by its own instance: the process behind its socket is not in its container")
      : fn.unreachable();
  }

  private PlatError timeout() {
    return new PlatError(504, "timeout", "function '" + fn.name + "' did not answer within "
      + fn.pool().timeoutMs + " ms");
  }

  /**
   * A move on this invocation's loop out of a phase no other thread changes (not QUEUED): ordered
   * for the loop alone, so no fence on the hot path.
   */
  private void enter(Phase next) {
    PHASE.lazySet(this, next);
  }

  /** The client got its response head, the function's or an error. */
  private boolean responded() {
    return phase == Phase.RESPONDING;
  }

  private void cancelTimer() {
    loop.deadlines.disarm(this);
  }

}
