package dev.plat.node;

import dev.plat.builder.BuilderVerticle;
import dev.plat.cluster.BuildStore;
import dev.plat.cluster.ClusterBootstrap;
import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.NodeDirectory;
import dev.plat.cluster.NodeInfo;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteJanitor;
import dev.plat.cluster.RouteTable;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.SecretStore;
import dev.plat.controller.ControllerVerticle;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerClientOptions;
import dev.plat.gateway.GatewayVerticle;
import dev.plat.gateway.async.AsyncWorkerVerticle;
import dev.plat.gateway.async.HazelcastInvocationStore;
import dev.plat.gateway.async.InvocationStore;
import dev.plat.gateway.api.LocalLogs;
import dev.plat.gateway.api.NodeLogsHandler;
import dev.plat.proxy.ProxyHandler;
import dev.plat.proxy.ProxyOptions;
import dev.plat.proxy.ProxyVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * One Plat node: joins the cluster, then deploys the verticles of its roles. The composition root
 * of the platform; every collaborator is built here and handed to the verticles.
 */
public final class PlatNode {
  private static final Logger LOG = Logger.getLogger(PlatNode.class.getName());

  private final PlatConfig config;
  private ClusterBootstrap cluster;
  private DockerClient docker;
  private final NodeMetrics metrics = new NodeMetrics();
  private NodeDirectory nodes;
  /** Asynchronous invocations, opened when this node has the gateway role. */
  private InvocationStore invocations;

  public PlatNode(PlatConfig config) {
    this.config = config;
  }

  /** Starts the cluster member and the role verticles; fails when any role fails to start. */
  public Future<PlatNode> start() {
    cluster = ClusterBootstrap.of(config);
    // epoll when the platform has it (Linux): ~15-20% faster proxying than JDK NIO
    return cluster.start(metrics.enable(new VertxOptions().setPreferNativeTransport(true))).compose(vertx -> {
      docker = DockerClient.create(vertx, new DockerClientOptions().setDockerHost(config.dockerHost()));
      Future<RouteTable> routes = RouteTable.hazelcast(vertx, cluster.hazelcast());
      Future<FunctionDirectory> directory = FunctionDirectory.hazelcast(vertx, cluster.hazelcast());
      Future<NodeDirectory> nodes = NodeDirectory.hazelcast(vertx, cluster.hazelcast(), cluster::members)
        .onSuccess(n -> this.nodes = n);
      Future<InvocationStore> invocations = !config.hasRole(Role.GATEWAY) ? Future.succeededFuture()
        : HazelcastInvocationStore.create(vertx, cluster.hazelcast(), config.dataDir(),
          config.getLong(ConfigKey.ASYNC_RESULT_TTL_SECONDS)).onSuccess(store -> this.invocations = store);
      return Future.all(routes, directory, nodes, invocations)
        // every node takes the routes of a node that left (or stopped renewing its lease) out of the table
        .compose(ok -> RouteJanitor.start(cluster, routes.result(), config.routeLeaseSeconds()))
        .compose(janitor -> deployRoles(vertx, routes.result(), directory.result()));
    }).map(this);
  }

  private Future<Void> deployRoles(Vertx vertx, RouteTable routes, FunctionDirectory directory) {
    // One data plane per node, shared by the gateway (in-process invocations) and the proxy role.
    ProxyHandler proxy = ProxyHandler.create(vertx, config, routes, ProxyOptions.from(config), metrics.registry(),
      directory);
    // 1. the listeners first: a port given as 0 is picked now, and the roles that advertise this
    // node's addresses (the controller: routes and public URLs) are told the ports actually bound
    Future<Integer> proxyPort = Future.succeededFuture(config.proxyPort());
    if (config.hasRole(Role.PROXY)) {
      // internal endpoints on the proxy port: this node's containers' logs, for the gateway of any node
      ProxyVerticle verticle = new ProxyVerticle(config, routes, proxy, new NodeLogsHandler(new LocalLogs(docker, config.nodeId())));
      proxyPort = vertx.deployVerticle(verticle).map(id -> verticle.actualPort());
    }
    Future<Integer> httpPort = Future.succeededFuture(config.httpPort());
    if (config.hasRole(Role.GATEWAY)) {
      // one gateway per core: the hot path (front door + proxy handler) then runs on every event loop
      List<GatewayVerticle> gateways = new CopyOnWriteArrayList<>();
      httpPort = vertx.deployVerticle(() -> {
        GatewayVerticle gateway = new GatewayVerticle(config, docker, cluster::members, directory, proxy, metrics::scrape,
          this::otherProxies, invocations);
        gateways.add(gateway);
        return gateway;
      }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .map(id -> gateways.get(0).actualPort());
    }
    return Future.all(proxyPort, httpPort).compose(ports -> {
      PlatConfig bound = config.withBoundPort(ConfigKey.CLUSTER_PORT, cluster.port());
      if (config.hasRole(Role.PROXY)) {
        bound = bound.withBoundPort(ConfigKey.PROXY_PORT, ports.resultAt(0));
      }
      if (config.hasRole(Role.GATEWAY)) {
        bound = bound.withBoundPort(ConfigKey.HTTP_PORT, ports.resultAt(1));
      }
      return deployOthers(vertx, routes, directory, bound);
    });
  }

  /** 2. the roles without a listener, with the ports bound; then the ports file and the "up" line. */
  private Future<Void> deployOthers(Vertx vertx, RouteTable routes, FunctionDirectory directory, PlatConfig bound) {
    List<Future<String>> deployed = new ArrayList<>();
    if (config.hasRole(Role.CONTROLLER)) {
      // alone (no members to join), the controller leads at once, as it always has; in a cluster
      // it leads only while it is the oldest controller of a quorum, and places instances on every node
      boolean clustered = config.clustered();
      deployed.add(vertx.deployVerticle(new ControllerVerticle(bound, docker, routes, directory, ControllerOptions.from(bound),
        metrics.registry(), clustered ? cluster : null, clustered ? nodes : null)));
    }
    if (config.hasRole(Role.GATEWAY)) {
      // one asynchronous worker per node, calling this node's gateway (now listening) over loopback
      deployed.add(vertx.deployVerticle(new AsyncWorkerVerticle(bound, invocations, metrics.registry(),
        cluster.hazelcast().getCluster().getLocalMember().getUuid().toString(), this::memberIds)));
    }
    if (config.hasRole(Role.BUILDER)) {
      deployed.add(BuildStore.hazelcast(vertx, cluster.hazelcast())
        .compose(builds -> vertx.deployVerticle(new BuilderVerticle(bound, docker, builds)
          // a push to a registry that needs credentials sends those of `plat registry login`
          .withRegistryLogins(SecretStore.registryLogins(vertx, bound, config.clustered() ? cluster.hazelcast() : null)))));
    }
    return Future.all(deployed).compose(ok -> announce(bound)).compose(ok -> PortsFile.write(vertx, bound)).compose(ok -> logStarted(bound));
  }

  /**
   * Writes this node in the node directory once every role is up (its agent answers): the leader
   * places instances only on the nodes listed there, and tidies a node each time it is written.
   */
  private Future<Void> announce(PlatConfig bound) {
    Future<Long> memory = !config.hasRole(Role.CONTROLLER) ? Future.succeededFuture(0L)
      : docker.info().map(info -> info.memTotal()).otherwise(0L);
    return memory.compose(bytes -> nodes.put(NodeInfo.of(bound, System.currentTimeMillis()).withMemory(bytes)));
  }

  private Future<Void> logStarted(PlatConfig bound) {
    return docker.version()
      .map(v -> "Docker " + v.version() + " (API " + v.apiVersion() + ")")
      .otherwise(err -> "Docker UNREACHABLE at " + config.dockerHost() + ": " + err.getMessage())
      .map(dockerLine -> {
        LOG.info(() -> "node " + config.nodeId() + " up; roles " + config.roles() + "; " + dockerLine
          + "; cluster members " + cluster.members() + "; http " + bound.httpHost() + ":" + bound.httpPort());
        return null;
      });
  }

  /** Undeploys the roles, leaves the cluster and closes Vert.x. */
  public Future<Void> stop() {
    return cluster == null ? Future.succeededFuture() : cluster.close();
  }

  /** The Hazelcast member ids in the cluster now: an asynchronous invocation claimed by another is queued again. */
  private Set<String> memberIds() {
    Set<String> ids = new TreeSet<>();
    cluster.hazelcast().getCluster().getMembers().forEach(m -> ids.add(m.getUuid().toString()));
    return ids;
  }

  /**
   * The proxy ports of the other nodes that serve instances now, from the routes they advertise.
   * Nodes with no running instance (only stopped containers) are not asked for logs.
   */
  /** The proxies of the other live nodes with the proxy role (the gateway asks them for their instances' logs). */
  private Collection<String> otherProxies() {
    Set<String> proxies = new TreeSet<>();
    nodes.live().values().stream()
      .filter(n -> !config.nodeId().equals(n.nodeId()) && n.roles().contains(Role.PROXY))
      .forEach(n -> proxies.add(n.proxy()));
    return proxies;
  }
}
