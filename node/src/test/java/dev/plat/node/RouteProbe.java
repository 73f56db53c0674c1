package dev.plat.node;

import static dev.plat.docker.DockerTestSupport.await;

import dev.plat.cluster.ClusterBootstrap;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hazelcast member of a {@link MultiHostCluster} in the test JVM, with the nodes' routing table
 * and a stand-in instance: an HTTP server on a unix socket that answers {@code probe <path>}. It
 * publishes routes to that socket owned by one node, as that node's controller would for an
 * instance it runs, so a test sees through every gateway whether the route reached it.
 */
final class RouteProbe implements AutoCloseable {
  private final ClusterBootstrap cluster;
  private final Vertx vertx;
  private final RouteTable routes;
  private final HttpServer instance;
  private final Path socket;

  private RouteProbe(ClusterBootstrap cluster, RouteTable routes, HttpServer instance, Path socket) {
    this.cluster = cluster;
    this.vertx = cluster.vertx();
    this.routes = routes;
    this.instance = instance;
    this.socket = socket;
  }

  /** Joins {@code hosts} as member {@code probe-...} and starts the stand-in instance on a socket under {@code dir}. */
  static RouteProbe join(MultiHostCluster hosts, Path dir) {
    ClusterBootstrap cluster = new ClusterBootstrap(new ClusterOptions().setNodeId("probe-" + System.nanoTime() % 100000)
      .setClusterName(hosts.clusterName()).setHost("127.0.0.1").setPort(0).setMembers(List.of(hosts.clusterAddress(0)))
      .setWaitSecondsBeforeJoin(0));
    Vertx vertx = await(cluster.start());
    Path socket = dir.resolve("probe.sock").toAbsolutePath();
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpServer server = await(vertx.createHttpServer()
      .requestHandler(req -> req.response().putHeader("Content-Type", "text/plain").end("probe " + req.path()))
      .listen(SocketAddress.domainSocketAddress(socket.toString())));
    return new RouteProbe(cluster, await(RouteTable.hazelcast(vertx, cluster.hazelcast())), server, socket);
  }

  /**
   * Publishes a route of {@code function} to the stand-in, owned by node {@code owner} of {@code hosts}
   * (its proxy port is where the other nodes forward to); @return the instance id.
   */
  String publish(MultiHostCluster hosts, int owner, String function) {
    String instanceId = "probe" + Long.toHexString(System.nanoTime());
    Route route = new Route(function, instanceId, 1, hosts.nodeId(owner), socket.toString(),
      "127.0.0.1:" + hosts.node(owner).ports().getInteger("proxy"));
    await(routes.put(route));
    return instanceId;
  }

  void unpublish(String function, String instanceId) {
    await(routes.remove(function, instanceId));
  }

  /** The routes of {@code function} in this member's replica. */
  List<Route> routes(String function) {
    return routes.routes(function);
  }

  @Override
  public void close() {
    await(instance.close());
    await(cluster.close());
  }
}
