package dev.plat.proxy.bench;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.proxy.ProxyHandler;
import dev.plat.proxy.ProxyOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import java.util.Map;

/**
 * A proxy alone for load tests (not a test): {@code ProxyBenchMain PORT SOCKET [EVENT_LOOPS [direct]]}
 * serves {@code /function/bench/**} from the instance listening on unix socket SOCKET, with native
 * transport and one HTTP server verticle per event loop, as the node should run the gateway;
 * {@code direct} answers itself instead (the Vert.x server's own cost).
 */
public final class ProxyBenchMain {
  private ProxyBenchMain() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String socket = args[1];
    int loops = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    boolean direct = args.length > 3 && args[3].equals("direct");
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
    RouteTable routes = RouteTable.inMemory();
    routes.put(new Route("bench", "i1", 1, "bench", socket, null));
    ProxyHandler proxy = ProxyHandler.create(vertx, PlatConfig.of(Map.of(ConfigKey.NODE_ID, "bench")), routes,
      new ProxyOptions());
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
          .requestHandler(direct ? req -> req.response().end("hello from the function\n") : proxy).listen();
      }
    }, new DeploymentOptions().setInstances(loops)).onComplete(ar -> System.out.println(
      ar.succeeded() ? "proxy on " + port + " -> " + socket + " (native " + vertx.isNativeTransportEnabled() + ")" : ar.cause()));
  }
}
