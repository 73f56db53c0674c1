package dev.plat.proxy;

import dev.plat.cluster.ConfigException;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.RouteTable;
import dev.plat.proxy.dispatch.StatsPublisher;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy role: serves invocations forwarded by other nodes on {@code proxyPort} (cluster
 * host, one listener per core ({@link ProxyPort}); each request must carry the cluster secret, else
 * 401), publishes in-flight counts for the autoscaler and answers health. The invocations of this
 * node's gateway go through the same {@link ProxyHandler}, which the node builds and shares.
 */
public class ProxyVerticle extends VerticleBase {
  /** The negative ports of the proxy ports picked for 0 in this process, one per proxy role. */
  private static final AtomicInteger SHARED_FREE_PORTS = new AtomicInteger(-1000);
  private final PlatConfig config;
  private final RouteTable routes;
  private final ProxyHandler shared;
  private final Handler<HttpServerRequest> internal;
  private ProxyHandler handler;
  private volatile int port;

  /** A proxy role with a handler of its own (the gateway on this node does not share it). */
  public ProxyVerticle(PlatConfig config, RouteTable routes) {
    this(config, routes, null);
  }

  /** A proxy role serving through {@code handler}, which the caller built, shares and closes. */
  public ProxyVerticle(PlatConfig config, RouteTable routes, ProxyHandler handler) {
    this(config, routes, handler, null);
  }

  /**
   * @param internal the node's internal endpoints ({@code Names.Internal}) on the proxy port, served
   *                 after the cluster secret was checked; {@code null}: none
   */
  public ProxyVerticle(PlatConfig config, RouteTable routes, ProxyHandler handler, Handler<HttpServerRequest> internal) {
    this.internal = internal;
    this.config = config;
    this.routes = routes;
    this.shared = handler;
  }

  @Override
  public Future<?> start() {
    if (config.clusterSecret() == null) {
      return Future.failedFuture(new ConfigException("clusterSecret is not set: the proxy port would refuse every "
        + "request (ClusterSecret.resolve sets it)"));
    }
    ProxyOptions options = ProxyOptions.from(config);
    // 1. the handler (shared with the gateway when the node passed one)
    handler = shared != null ? shared : ProxyHandler.create(vertx, config, routes, options);
    // 2. health
    RoleHealth.register(vertx, config.nodeId(), Role.PROXY.id(), () -> Future.succeededFuture(
      new JsonObject().put("state", RoleHealth.UP).put("functions", routes.snapshot().size())
        .put("proxyPort", port)));
    // 3. in-flight counts for the autoscaler
    StatsPublisher stats = new StatsPublisher(vertx, config.nodeId(), handler::stats);
    vertx.setPeriodic(options.getStatsIntervalMs(), id -> stats.publishIfChanged());
    // 4. the proxy port for invocations forwarded by other nodes, each with the cluster secret (401 without):
    // one listener per core, as the gateway, so forwarded invocations run on every event loop. Port 0: one
    // free port shared by all of them, by a negative port of their own (Vert.x shares a negative port
    // among every server of the process given the same number: the gateway's is -1)
    int cores = Runtime.getRuntime().availableProcessors();
    int listen = config.proxyPort() == 0 && cores > 1 ? SHARED_FREE_PORTS.decrementAndGet() : config.proxyPort();
    ProxyHandler serving = handler;
    List<ProxyPort> listeners = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
      ProxyPort listener = new ProxyPort(config, listen, serving, internal);
      listeners.add(listener);
      return listener;
    }, new DeploymentOptions().setInstances(cores)).onSuccess(id -> port = listeners.get(0).actualPort());
  }

  /** The proxy port, once started: {@code proxyPort}, or the free one picked for 0. */
  public int actualPort() {
    return port;
  }

  @Override
  public Future<?> stop() {
    return shared == null && handler != null ? handler.close() : Future.succeededFuture();
  }
}
