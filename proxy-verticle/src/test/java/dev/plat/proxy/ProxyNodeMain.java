package dev.plat.proxy;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.testing.ChildJvm;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;

/**
 * A proxy alone in its JVM, for {@link LargeBodiesIT}: {@code ProxyNodeMain SOCKET} serves
 * {@code /function/big/**} from the instance on unix socket SOCKET on a free port, printed as
 * {@code READY <port>}; {@code ProxyNodeMain SOCKET fast} serves them on the HTTP/1.x fast path.
 */
public final class ProxyNodeMain {
  private ProxyNodeMain() {
  }

  public static void main(String[] args) {
    ChildJvm.exitWhenParentDies();
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    RouteTable routes = RouteTable.inMemory();
    routes.put(new Route("big", "i1", 1, "it", args[0], null));
    ProxyHandler proxy = ProxyHandler.create(vertx, PlatConfig.of(Map.of(ConfigKey.NODE_ID, "it")), routes, new ProxyOptions());
    boolean fast = args.length > 1 && args[1].equals("fast");
    io.vertx.core.http.HttpServer server = vertx.createHttpServer(
      new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(!fast)).requestHandler(proxy);
    if (fast) {
      server.connectionHandler(connection -> proxy.serveConnection(connection, ProxyTestBase.GATE));
    }
    server.listen(0, "127.0.0.1").onComplete(ar -> {
      if (ar.succeeded()) {
        System.out.println("READY " + ar.result().actualPort());
      } else {
        ar.cause().printStackTrace();
        System.exit(2);
      }
    });
  }
}
