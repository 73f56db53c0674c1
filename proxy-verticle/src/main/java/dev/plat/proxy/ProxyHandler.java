package dev.plat.proxy;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.InvocationHandler;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.RouteTable;
import dev.plat.proxy.dispatch.ProxyCore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/**
 * The data plane: streams an invocation to one instance of a function and its response back.
 *
 * <p>The instance is chosen from the local snapshot of the {@link RouteTable} by least outstanding
 * requests (ties go to local instances, then round robin); a route owned by another node is
 * streamed to that node's proxy port. Per function: at most {@code Route.concurrency()} requests
 * per instance (0 = unlimited), a bounded queue in front (full: 429 with {@code Retry-After}), a
 * timeout until the response head ({@code Route.timeoutSeconds()}, 504). A function without a
 * ready instance is activated through the controller (one activation in flight per function)
 * while its requests wait, their bodies unread, for at most the activation timeout (503).
 * Errors are JSON {@code {"error","code"}}.
 *
 * <p>Bodies stream both ways with back-pressure and are never held whole. Hop-by-hop headers and
 * the internal {@code X-Plat-Forwarded-By} and {@code X-Plat-Cluster-Auth} are dropped; {@code X-Forwarded-For/Host/Proto} are added; {@code X-Plat-Request-Id} is kept or
 * generated and returned on the response. Thread-safe: one handler serves every event loop.
 */
public interface ProxyHandler extends Handler<HttpServerRequest>, InvocationHandler {

  /**
   * A handler serving the instances in {@code routes}; its node id is {@code config.nodeId()}, its
   * cluster secret {@code config.clusterSecret()} (resolved by {@link ClusterSecret#resolve}).
   * Build one per node and share it (the gateway and the proxy role), then {@link #close()} it.
   */
  static ProxyHandler create(Vertx vertx, PlatConfig config, RouteTable routes, ProxyOptions options) {
    return create(vertx, config, routes, options, null);
  }

  /**
   * {@link #create(Vertx, PlatConfig, RouteTable, ProxyOptions)} recording into {@code registry}
   * (none when {@code null}): {@code plat_invocations_total{function,status}},
   * {@code plat_invocation_seconds{function}} (a histogram from arrival to the end of the
   * response), {@code plat_cold_starts_total{function}}, {@code plat_queue_depth{function}} and
   * {@code plat_in_flight{function}}. A function the controller says does not exist loses its series.
   */
  static ProxyHandler create(Vertx vertx, PlatConfig config, RouteTable routes, ProxyOptions options,
      MeterRegistry registry) {
    return create(vertx, config, routes, options, registry, null);
  }

  /**
   * {@link #create(Vertx, PlatConfig, RouteTable, ProxyOptions, MeterRegistry)} that splits each
   * function's invocations among its versions as {@code directory} says ({@link FunctionDirectory#splits()})
   * and serves {@code /function/NAME@vN} from version N; {@code null}: neither.
   */
  static ProxyHandler create(Vertx vertx, PlatConfig config, RouteTable routes, ProxyOptions options,
      MeterRegistry registry, FunctionDirectory directory) {
    return new ProxyCore(vertx, config.nodeId(), routes, new ProxyOptions(options), registry, ClusterSecret.of(config),
      directory);
  }

  /**
   * Serves {@code /function/{name}} and {@code /function/{name}/**}: the function sees the rest
   * of the path; any other path gets 404 {@code not_found}.
   */
  @Override
  void handle(HttpServerRequest request);

  /** The same as {@link #invoke}: for a gateway that resolved the function itself. */
  default void handle(HttpServerRequest request, String function, String path) {
    invoke(request, function, path);
  }

  /**
   * The handler of the proxy port: serves {@code /function/{name}/**} requests that another
   * node's proxy forwarded (marked with {@code Names.Header.FORWARDED_BY}) from local instances
   * only. A request without the cluster secret in {@code Names.Header.CLUSTER_AUTH} gets 401
   * {@code unauthorized} (every request when the node has no secret); an unmarked one 403.
   */
  Handler<HttpServerRequest> forwardedHandler();

  /**
   * {@link #forwardedHandler()} with the node's internal endpoints: a request under {@code
   * Names.Internal.PREFIX} that carries the cluster secret goes to {@code internal} (401 without it,
   * as every request on the proxy port).
   */
  Handler<HttpServerRequest> forwardedHandler(Handler<HttpServerRequest> internal);

  /**
   * Lets the data plane serve the HTTP/1.x requests of a new proxy port connection itself, below
   * Vert.x's request objects, as {@link #serveConnection} does for the gateway: each request must
   * carry the cluster secret (401 JSON without it, on that path too); forwarded invocations are
   * served there, anything else (the internal endpoints) goes on to {@link #forwardedHandler}, which
   * checks the secret again. Call it from the proxy port server's connection handler.
   *
   * @return whether it took the connection on (false: HTTP/2, no cluster secret, or not supported)
   */
  default boolean serveForwardedConnection(HttpConnection connection) {
    return false;
  }

  /** What this proxy sees of each function it has served or is serving. */
  Map<String, FunctionStats> stats();

  /** Closes the connection pools; requests in flight fail. */
  Future<Void> close();
}
