package dev.plat.proxy.dispatch;

import dev.plat.proxy.http1.Forwarding;

import dev.plat.proxy.http1.RawResponse;
import dev.plat.proxy.http1.RequestEncoder;

import dev.plat.cluster.api.PlatError;
import io.netty.buffer.ByteBuf;

/**
 * The caller's side of one {@link Invocation}: the inbound request (head, body flow) and the
 * outbound response. Dispatch defines it, the caller's side ({@code dev.plat.proxy.downstream})
 * implements it twice: {@code VertxDownstream} over a Vert.x {@code HttpServerRequest} (HTTP/2, the
 * proxy port, the gateway's router path) and {@code RawDownstream} over a raw Netty HTTP/1.x
 * connection ({@code FastPath}). Every call comes on the request's event loop.
 */
public interface Downstream {

  // The request.

  /** Whether the request body must be held (paused) until an instance is ready. */
  boolean holdBody();

  /** Stops reading the request body. */
  void pause();

  /** Reads the request body again. */
  void resume();

  /** HEAD: the response has no body whatever its headers say. */
  boolean isHead();

  /** GET, HEAD or OPTIONS: safe to send again on a fresh connection. */
  boolean isIdempotent();

  /** Appends the upstream request head to {@code out}; returns {@link RequestEncoder}'s flags. */
  int encodeHead(ByteBuf out, String uri, boolean forward, String requestId, Forwarding forwardedBy);

  /** What a client tells its invocation; implemented by {@link Invocation}, so no callback objects are made. */
  interface Listener {
    /** A piece of the request body (the receiver releases it). */
    void requestData(ByteBuf data);

    /** The request body ended. */
    void requestEnded();

    /** The client went away before the response ended. */
    void clientClosed();

    /** The client can take more response body again. */
    void clientDrained();
  }

  /** From now on the request body goes to {@code listener}: each piece, then the end. */
  void bodyHandler(Listener listener);

  /** Answers {@code Expect: 100-continue}. */
  void writeContinue();

  // The response.

  /** {@code listener.clientClosed()} is called once if the client goes away before the response ended. */
  void closeHandler(Listener listener);

  /** Sends the response head: the upstream's status and end-to-end headers plus the request id. */
  void head(RawResponse upstream, String requestId);

  /** A piece of the response body (ownership passes). */
  void write(ByteBuf data);

  /** Ends the response with a last piece (ownership passes; may be empty). */
  void end(ByteBuf last);

  /** Whether the client cannot take more now: stop reading the upstream until {@link #drainHandler}. */
  boolean writeQueueFull();

  /** {@code listener.clientDrained()} is called when the client can take more again. */
  void drainHandler(Listener listener);

  /** Cuts a response that has started (its head went out). */
  void reset();

  boolean ended();

  boolean headWritten();

  /** The status sent (or to be sent). */
  int status();

  /**
   * Ends the response with {@code error} as JSON {@code {"error","code"}} (with the request id and,
   * for 429, {@code Retry-After}); an unread request body is dropped and the connection closed.
   * A response already started is cut instead.
   */
  void sendError(PlatError error, String requestId, String retryAfter);
}
