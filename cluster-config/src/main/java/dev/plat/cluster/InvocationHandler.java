package dev.plat.cluster;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Serves one function invocation arriving at the gateway: the data plane seen from the gateway,
 * which must not depend on the proxy module. The node passes the proxy's implementation to the
 * gateway.
 */
@FunctionalInterface
public interface InvocationHandler {

  /**
   * Streams {@code request} to an instance of {@code function} and its response back; always ends
   * the response (with JSON {@code {"error","code"}} on failure). Call it on the event loop that
   * received the request, without having read its body and with the request not paused (a caller
   * that paused it for asynchronous work resumes it right before this call, in the same task): the
   * handler pauses and reads the body itself.
   *
   * @param request  the incoming request; its method, headers and body are forwarded
   * @param function the function name (from {@code /function/{name}} or the Host header)
   * @param path     the path the function sees, starting with {@code /} (raw, not decoded);
   *                 {@code ""} or {@code null} is {@code /}
   * @param query    the query the function sees (raw, without {@code ?}), or {@code null} for none:
   *                 the request's minus what the gateway keeps to itself ({@link GatewayCredentials})
   */
  void invoke(HttpServerRequest request, String function, String path, String query);

  /** {@link #invoke(HttpServerRequest, String, String, String)} with the request's own query. */
  default void invoke(HttpServerRequest request, String function, String path) {
    invoke(request, function, path, request.query());
  }

  /**
   * Lets the data plane serve the HTTP/1.x invocations of a new gateway connection itself, below
   * Vert.x's request objects (a Netty handler in the connection's pipeline), with {@code gate}'s
   * rules. Other requests, and every request after the first one that is not an invocation, reach
   * the gateway's request handler as usual. Call it from the server's connection handler.
   *
   * @return whether it took the connection on (false: HTTP/2, or not supported)
   */
  default boolean serveConnection(HttpConnection connection, InvocationGate gate) {
    return false;
  }
}
