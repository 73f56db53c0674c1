package dev.plat.bench;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerClientOptions;
import dev.plat.gateway.GatewayVerticle;
import dev.plat.node.NodeMetrics;
import dev.plat.proxy.ProxyHandler;
import dev.plat.proxy.ProxyOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Arrays;
import java.util.List;

/**
 * The gateway as the node builds it (not a test): {@code GatewayBenchMain SOCKET [node flags...]}.
 *
 * <p>Same hot path as {@code PlatNode}: Vert.x with the native transport and the default event
 * loops, one {@link GatewayVerticle} per core (front door, bearer-token auth, then the real
 * {@link ProxyHandler}), the function directory and the routing table read from local snapshots.
 * Metrics are on as in the node (Vert.x's and the proxy's per-function meters, one Prometheus registry).
 * The only differences: no Hazelcast (the node's tables are read from local snapshots too, so a
 * request never touches it) and the routing table holds one hand-made route, function
 * {@code bench} served by whatever listens on unix socket SOCKET, instead of a container.
 * The function is not public: every call needs {@code Authorization: Bearer <authToken>}.
 */
public final class GatewayBenchMain {
  private GatewayBenchMain() {
  }

  public static void main(String[] args) {
    String socket = args[0];
    PlatConfig config = PlatConfig.loadFromSystem(Arrays.copyOfRange(args, 1, args.length));
    NodeMetrics metrics = new NodeMetrics();  // the node's metrics: Vert.x's and the proxy's, as /metrics serves them
    Vertx vertx = Vertx.vertx(metrics.enable(new VertxOptions().setPreferNativeTransport(true)));
    RouteTable routes = RouteTable.inMemory();
    routes.put(new Route("bench", "i1", 1, config.nodeId(), socket, null));
    FunctionDirectory directory = FunctionDirectory.inMemory();
    DockerClient docker = DockerClient.create(vertx, new DockerClientOptions().setDockerHost(config.dockerHost()));
    ProxyHandler proxy = ProxyHandler.create(vertx, config, routes, ProxyOptions.from(config), metrics.registry());
    vertx.deployVerticle(() -> new GatewayVerticle(config, docker, List::of, directory, proxy, metrics::scrape),
        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
      .onComplete(ar -> {
        if (ar.succeeded()) {
          System.out.println("gateway up on " + config.httpHost() + ":" + config.httpPort() + " -> " + socket
            + " (native transport " + vertx.isNativeTransportEnabled() + ")");
        } else {
          ar.cause().printStackTrace();
          System.exit(1);
        }
      });
  }
}
