package dev.plat.cluster;

import dev.plat.cluster.api.PlatError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one HTTP/1.x connection of the gateway port, against clients that hold a
 * connection without using it (a request head sent a byte at a time, an idle keep-alive). A Netty
 * handler at the front of the connection's pipeline sees every byte that arrives; a second one
 * between Vert.x's HTTP codec and its connection handler sees the request heads Vert.x decodes
 * and the responses it writes. A handler that reads request heads itself, before Vert.x's decoder
 * (the data plane's fast path), finds this guard in the pipeline and reports its own exchanges
 * with {@link #headRead()} and {@link #responseEnded()}. Everything runs on the connection's
 * event loop.
 *
 * <p>States ({@code open}: request heads read whose response has not ended):
 * <ul>
 *   <li>{@code HEAD}: a request head is due, from the connection's start or from the first byte
 *       after an idle spell; deadline {@code headerTimeout}, then 408 JSON {@code request_timeout}
 *       and the connection closes (closes without a word when not a byte came: a browser's
 *       pre-opened connection may send its request later and must not read a stale 408).</li>
 *   <li>{@code BUSY}: {@code open > 0}; no deadline: the request body and the response belong to
 *       the exchange (a function's own timeout governs an invocation).</li>
 *   <li>{@code IDLE}: every response ended and no byte of a next request came; deadline
 *       {@code keepAliveTimeout}, then the connection closes.</li>
 *   <li>{@code OFF}: upgraded (WebSocket or h2c: a 101 went out) or closed; no deadline.</li>
 * </ul>
 * HEAD or IDLE --head read--> BUSY --last open response ended--> IDLE --a byte--> HEAD; any --101--> OFF.
 * A connection has at most one timer: a state change moves the deadline, and the timer, when it
 * fires early, waits again for what is left.
 */
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {
  /** The guard's name in the pipeline. */
  public static final String NAME = "plat-guard";
  static final String EXCHANGES = "plat-guard-http";

  private enum State { HEAD, BUSY, IDLE, OFF }

  private final ConnectionLimits limits;
  private ChannelHandlerContext ctx;
  private State state = State.HEAD;
  private int open;
  /** When the current state's deadline passes, on the event loop's ticker; meaningless in BUSY and OFF. */
  private long deadline;
  private ScheduledFuture<?> timer;
  /** A byte arrived since the connection became idle (or started). */
  private boolean sawBytes;

  ConnectionGuard(ConnectionLimits limits) {
    this.limits = limits;
  }

  /**
   * Puts a guard on {@code connection}'s pipeline when it is a plain HTTP/1.x connection (no h2c
   * handler: with h2c on, Vert.x may have read the first request before the connection handler
   * runs). Call it from the server's connection handler, before anything else reads the connection.
   *
   * @return whether the connection is guarded
   */
  public static boolean install(HttpConnection connection, ConnectionLimits limits) {
    ChannelPipeline pipeline = VertxPipelines.untouchedHttp1(connection);
    if (pipeline == null || pipeline.get(NAME) != null) {
      return false;
    }
    ConnectionGuard guard = new ConnectionGuard(limits);
    pipeline.addFirst(NAME, guard);
    VertxPipelines.addBeforeConnection(pipeline, EXCHANGES, new Exchanges(guard));
    return true;
  }

  /** The guard of {@code pipeline}'s connection, or {@code null} when it has none. */
  public static ConnectionGuard of(ChannelPipeline pipeline) {
    return pipeline.get(ConnectionGuard.class);
  }

  /** A request head was read whole: no header deadline until its response has ended. */
  public void headRead() {
    open++;
    if (state != State.OFF) {
      state = State.BUSY;
    }
  }

  /** The response of an exchange ended: when none is left open, the connection is idle. */
  public void responseEnded() {
    if (open > 0) {
      open--;
    }
    if (open == 0 && state == State.BUSY) {
      sawBytes = false;
      arm(State.IDLE, limits.keepAliveTimeoutMs());
    }
  }

  /** The connection left HTTP/1.x (a 101 went out): no more deadlines. */
  void upgraded() {
    state = State.OFF;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    arm(State.HEAD, limits.headerTimeoutMs());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.IDLE || state == State.HEAD) {
      if (state == State.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
        arm(State.HEAD, limits.headerTimeoutMs());
      }
      sawBytes = true;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    state = State.OFF;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    ctx.fireChannelInactive();
  }

  private void arm(State next, long timeoutMs) {
    state = next;
    deadline = ctx.executor().ticker().nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    if (timer == null) {
      timer = ctx.executor().schedule(this::check, timeoutMs, TimeUnit.MILLISECONDS);
    }
  }

  private void check() {
    timer = null;
    if (state != State.HEAD && state != State.IDLE) {
      return;
    }
    long left = deadline - ctx.executor().ticker().nanoTime();
    if (left > 0) {
      timer = ctx.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
      return;
    }
    if (state == State.HEAD && sawBytes) {
      PlatError error = new PlatError(408, "request_timeout", "the request head did not arrive within "
        + limits.headerTimeoutMs() + " ms");
      ctx.writeAndFlush(errorResponse(error)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
    state = State.OFF;
  }

  /** {@code error} as a whole HTTP/1.1 response that closes the connection, for a connection with no response in flight. */
  public static ByteBuf errorResponse(PlatError error) {
    byte[] body = error.toJson().encode().getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + error.status() + " " + io.netty.handler.codec.http.HttpResponseStatus.valueOf(error.status())
      .reasonPhrase() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
      + "\r\nConnection: close\r\n\r\n";
    return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), body);
  }

  /** Between Vert.x's HTTP codec and its connection: the heads it decodes, the responses it ends. */
  static final class Exchanges extends ChannelDuplexHandler {
    private final ConnectionGuard guard;

    Exchanges(ConnectionGuard guard) {
      this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        guard.headRead();
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof HttpResponse response && response.status().code() < 200) {
        if (response.status().code() == 101) {
          guard.upgraded();
        }
      } else if (msg instanceof LastHttpContent) {
        guard.responseEnded();
      }
      ctx.write(msg, promise);
    }
  }
}
