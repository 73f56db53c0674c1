package dev.plat.proxy.dispatch;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.InvocationGate;
import dev.plat.cluster.Names;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.VertxPipelines;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.cluster.api.PlatError;
import dev.plat.proxy.FunctionStats;
import dev.plat.proxy.ProxyHandler;
import dev.plat.proxy.ProxyOptions;
import dev.plat.proxy.downstream.ErrorResponses;
import dev.plat.proxy.downstream.FastPath;
import dev.plat.proxy.downstream.VertxDownstream;
import dev.plat.proxy.http1.Forwarding;
import dev.plat.proxy.upstream.Connections;
import dev.plat.proxy.upstream.Ejector;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link ProxyHandler}: finds the function's state and starts an {@link Invocation}. A request
 * for a function whose versions share its traffic ({@link FunctionDirectory#splits()}) goes to the
 * key its weighted draw names ({@code NAME} for the current version, {@code NAME@vN} for another);
 * {@code /function/NAME@vN} addresses version N directly. Each key is a {@link ProxiedFunction} of its
 * own (routes, queue, activation, counters). Requests forwarded by another node name their key already.
 */
public final class ProxyCore implements ProxyHandler {
  private static final Logger LOG = Logger.getLogger(ProxyCore.class.getName());
  public static final String PREFIX = "/function/";
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int TUNNEL_POOL = 4096;
  /** The answer to a request on the proxy port without the cluster secret. */
  public static final PlatError NOT_A_MEMBER = new PlatError(401, "unauthorized",
    "the proxy port serves only the nodes of the cluster (cluster secret missing or wrong)");
  /** The answer to a request on the proxy port that no node forwarded. */
  public static final PlatError NOT_FORWARDED = new PlatError(403, "forbidden",
    "the proxy port serves only requests forwarded by another node");

  final Vertx vertx;
  final String nodeId;
  final RouteTable routes;
  final ProxyOptions options;
  final Connections connections;
  final String retryAfter;
  final ProxyMetrics metrics;
  /** Which upstreams are left out of the balancing for now. */
  final Ejector ejector;
  /** What requests to other nodes' proxy ports carry. */
  final Forwarding forwarding;
  /** What requests on this node's proxy port must carry; null: none is served. */
  private final ClusterSecret secret;
  private final RequestIds ids = new RequestIds();
  private final Map<String, ProxiedFunction> states = new ConcurrentHashMap<>();
  private final Handler<HttpServerRequest> forwarded = this::forwarded;
  /** The functions' current versions and traffic splits; {@code null}: every request to the name it gives. */
  private final FunctionDirectory directory;
  /** The client of upgrades ({@link Tunnel}): made on the first one. */
  private HttpClientAgent tunnelClient;

  public ProxyCore(Vertx vertx, String nodeId, RouteTable routes, ProxyOptions options) {
    this(vertx, nodeId, routes, options, null, null);
  }

  /**
   * @param registry where the per-function metrics go ({@link ProxyMetrics}); {@code null}: none
   * @param secret   the cluster secret, sent to other nodes and required on the proxy port; {@code null}:
   *                 none sent, and the proxy port refuses every request
   */
  public ProxyCore(Vertx vertx, String nodeId, RouteTable routes, ProxyOptions options, MeterRegistry registry,
      ClusterSecret secret) {
    this(vertx, nodeId, routes, options, registry, secret, null);
  }

  /** @param directory the functions' current versions and traffic splits; {@code null}: no split is made */
  public ProxyCore(Vertx vertx, String nodeId, RouteTable routes, ProxyOptions options, MeterRegistry registry,
      ClusterSecret secret, FunctionDirectory directory) {
    this.directory = directory;
    this.metrics = new ProxyMetrics(registry, this::queued, this::inFlight);
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.secret = secret;
    this.forwarding = new Forwarding(nodeId, secret);
    this.routes = routes;
    this.options = options;
    this.connections = new Connections(vertx, options.getMaxConnections(), options.isMultiplexedHop());
    this.retryAfter = Integer.toString(options.getRetryAfterSeconds());
    this.ejector = new Ejector(options.getEjectionSeconds() * 1000L, options.getMaxEjectionSeconds() * 1000L,
      System::nanoTime);
    routes.onChange(this::routesChanged);
  }

  @Override
  public void handle(HttpServerRequest request) {
    route(request, false);
  }

  @Override
  public void invoke(HttpServerRequest request, String function, String path, String query) {
    serve(request, function, path, query, false);
  }

  @Override
  public boolean serveConnection(HttpConnection connection, InvocationGate gate) {
    return fastPath(connection, context -> FastPath.gateway(this, gate, context));
  }

  @Override
  public boolean serveForwardedConnection(HttpConnection connection) {
    // no secret: nothing is served on the fast path; Vert.x's handler answers 401 to each request
    return secret != null && fastPath(connection, context -> FastPath.forwarded(this, secret, context));
  }

  private boolean fastPath(HttpConnection connection, java.util.function.Function<ContextInternal, FastPath> fastPath) {
    // the fast path reads bytes before Vert.x's decoder: only connections no byte was read from
    ChannelPipeline pipeline = VertxPipelines.untouchedHttp1(connection);
    ContextInternal context = VertxPipelines.context(connection);
    if (pipeline == null || context == null || pipeline.get(FastPath.NAME) != null) {
      return false;
    }
    VertxPipelines.addBeforeDecoder(pipeline, FastPath.NAME, fastPath.apply(context));
    return true;
  }

  @Override
  public Handler<HttpServerRequest> forwardedHandler() {
    return forwarded;
  }

  @Override
  public Handler<HttpServerRequest> forwardedHandler(Handler<HttpServerRequest> internal) {
    return request -> forwarded(request, internal);
  }

  private void forwarded(HttpServerRequest request) {
    forwarded(request, null);
  }

  private void forwarded(HttpServerRequest request, Handler<HttpServerRequest> internal) {
    // every request on the proxy port proves that a member of the cluster sent it; never logged
    if (secret == null || !secret.matches(request.getHeader(Names.Header.CLUSTER_AUTH))) {
      ErrorResponses.send(request, NOT_A_MEMBER, null, null);
      return;
    }
    if (internal != null && request.path() != null && request.path().startsWith(Names.Internal.PREFIX)) {
      internal.handle(request);
      return;
    }
    if (request.getHeader(Names.Header.FORWARDED_BY) == null) {
      ErrorResponses.send(request, NOT_FORWARDED, null, null);
      return;
    }
    route(request, true);
  }

  private void route(HttpServerRequest request, boolean forwarded) {
    String path = request.path();
    if (path == null || !path.startsWith(PREFIX)) {
      ErrorResponses.send(request, PlatError.notFound("not_found", "no such path: " + path), null, null);
      return;
    }
    int slash = path.indexOf('/', PREFIX.length());
    String function = slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
    serve(request, function, slash < 0 ? "/" : path.substring(slash), request.query(), forwarded);
  }

  private void serve(HttpServerRequest request, String function, String path, String query, boolean forwarded) {
    try {
      start(request, function, path, query, forwarded);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.SEVERE, "invocation of " + function + " failed", e);
      ErrorResponses.send(request, new PlatError(500, "internal", "the proxy failed on this request; the node's log has the details"),
        null, null);
    }
  }

  private void start(HttpServerRequest request, String function, String path, String query, boolean forwarded) {
    String given = request.getHeader(Names.Header.REQUEST_ID);
    String requestId = forwarded && given != null ? given : ids.keepOrNew(given);
    ProxiedFunction fn = state(forwarded ? function : key(function));
    if (fn == null) {
      ErrorResponses.send(request, badName(function), requestId, null);
      return;
    }
    ContextInternal ctx = (ContextInternal) vertx.getOrCreateContext();
    if (request.canUpgradeToWebSocket()) {
      new Tunnel(this, fn, request, ctx, uri(path, query), forwarded, requestId).start();
      return;
    }
    new Invocation(this, fn, new VertxDownstream(request), ctx, uri(path, query), forwarded, requestId).start();
  }

  /** Starts an invocation from the HTTP/1.x fast path ({@link FastPath}), on {@code ctx}'s event loop. */
  public void start(Downstream client, ContextInternal ctx, String function, String path, String query, String given) {
    start(client, ctx, function, path, query, ids.keepOrNew(given), false);
  }

  /**
   * Starts an invocation another node forwarded ({@code path} under {@link #PREFIX}), from the proxy
   * port's fast path, whose caller proved the cluster secret: served from local instances only.
   */
  public void startForwarded(Downstream client, ContextInternal ctx, String path, String query, String given) {
    int slash = path.indexOf('/', PREFIX.length());
    String function = slash < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), slash);
    start(client, ctx, function, slash < 0 ? "/" : path.substring(slash), query,
      given != null ? given : ids.keepOrNew(null), true);
  }

  private void start(Downstream client, ContextInternal ctx, String function, String path, String query,
      String requestId, boolean forwarded) {
    ProxiedFunction fn = state(forwarded ? function : key(function));
    if (fn == null) {
      client.sendError(badName(function), requestId, null);
      return;
    }
    new Invocation(this, fn, client, ctx, uri(path, query), forwarded, requestId).start();
  }

  /**
   * The key that serves a request for {@code function}: one drawn by weight when the function's
   * traffic is split; {@code NAME} for {@code NAME@vN} of its current version; else {@code function}.
   * Without any split anywhere this costs one read of an empty map and one scan of the name.
   */
  private String key(String function) {
    FunctionDirectory d = directory;
    if (d == null) {
      return function;
    }
    Map<String, TrafficSplit> splits = d.splits();
    if (!splits.isEmpty()) {
      TrafficSplit split = splits.get(function);
      if (split != null) {
        return split.pick();
      }
    }
    if (function.indexOf('@') >= 0) {
      FunctionDirectory.Entry entry = d.byName(TrafficSplit.functionOf(function));
      if (entry != null && entry.version() > 0 && entry.version() == TrafficSplit.versionOf(function)) {
        return entry.name();
      }
    }
    return function;
  }

  private ProxiedFunction state(String function) {
    ProxiedFunction fn = states.get(function);
    if (fn == null) {
      if (!TrafficSplit.isValidKey(function)) {
        return null;
      }
      fn = states.computeIfAbsent(function, name -> new ProxiedFunction(this, name));
    }
    return fn;
  }

  private static PlatError badName(String function) {
    return PlatError.badRequest("bad_name", "not a function name: '" + function + "'");
  }

  private static String uri(String path, String query) {
    String uri = path == null || path.isEmpty() ? "/" : path.charAt(0) == '/' ? path : "/" + path;
    return query != null ? uri + '?' + query : uri;
  }

  private void routesChanged() {
    states.values().forEach(ProxiedFunction::routesChanged);
  }

  /** Forgets a function the controller does not know, and its metrics. */
  void retire(ProxiedFunction fn) {
    if (states.get(fn.name) == fn) {
      metrics.forget(fn.name);
      states.remove(fn.name, fn);
    }
  }

  private int queued(String function) {
    ProxiedFunction fn = states.get(function);
    return fn == null ? 0 : fn.queued.get();
  }

  private int inFlight(String function) {
    ProxiedFunction fn = states.get(function);
    return fn == null ? 0 : fn.inFlight.get();
  }

  @Override
  public Map<String, FunctionStats> stats() {
    Map<String, FunctionStats> stats = new TreeMap<>();
    states.forEach((name, fn) -> stats.put(name, fn.stats()));
    return stats;
  }

  /**
   * The client the tunnels connect with. Its pool is not a limit (the function's concurrency is):
   * an upgraded connection leaves it.
   */
  synchronized HttpClientAgent tunnelClient() {
    if (tunnelClient == null) {
      // keep-alive stays on: without it Vert.x replaces the handshake's "Connection: Upgrade" with "close"
      tunnelClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS),
        new PoolOptions().setHttp1MaxSize(TUNNEL_POOL));
    }
    return tunnelClient;
  }

  @Override
  public Future<Void> close() {
    HttpClientAgent tunnels;
    synchronized (this) {
      tunnels = tunnelClient;
    }
    return tunnels == null ? connections.close() : Future.join(connections.close(), tunnels.close()).mapEmpty();
  }
}
