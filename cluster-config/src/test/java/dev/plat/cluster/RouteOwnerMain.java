package dev.plat.cluster;

import dev.plat.cluster.testing.ChildJvm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The second member of {@link RouteFailoverIT}, in its own JVM, with PlatConfig flags as arguments:
 * a route table and a {@link RouteJanitor} like a node's. It puts the routes it is sent, reports
 * its janitor's departures to the parent and exits when the parent JVM goes away.
 */
public final class RouteOwnerMain {
  /** Request/reply: put the route in the body; replies once the local replica has it. */
  static final String PUT_ROUTE = "plat.test.owner.put-route";
  /** Request/reply: {@link RouteTable#removeNode} of the node named in the body; replies once done here. */
  static final String REMOVE_NODE = "plat.test.owner.remove-node";
  /** Send to the parent, once: {@code {"nodeId"}} when the child is ready. */
  static final String PARENT_READY = "plat.test.owner.ready";
  /** Send to the parent: each departure the child's janitor handled. */
  static final String PARENT_DEPARTURE = "plat.test.owner.departure";

  private RouteOwnerMain() {
  }

  public static void main(String[] args) {
    ChildJvm.exitWhenParentDies();
    PlatConfig config = PlatConfig.load(args, Map.of());
    ClusterBootstrap cluster = new ClusterBootstrap(new ClusterOptions(config).setWaitSecondsBeforeJoin(0)
      .setMaxNoHeartbeatSeconds(2));
    Future<Void> started = cluster.start()
      .compose(vertx -> RouteTable.hazelcast(vertx, cluster.hazelcast()))
      .compose(routes -> RouteJanitor.start(cluster, routes, config.routeLeaseSeconds())
        .compose(janitor -> serve(cluster.vertx(), routes, janitor, config.nodeId())));
    ChildJvm.readyOrHalt(RouteOwnerMain.class, started, cluster::members);
  }

  private static Future<Void> serve(Vertx vertx, RouteTable routes, RouteJanitor janitor, String nodeId) {
    vertx.setTimer(300_000, id -> Runtime.getRuntime().halt(4));
    janitor.onDeparture(event -> vertx.eventBus().send(PARENT_DEPARTURE, event));
    vertx.eventBus().<String>consumer(REMOVE_NODE, m -> routes.removeNode(m.body()).onSuccess(v -> m.reply("ok")));
    return vertx.eventBus().<JsonObject>consumer(PUT_ROUTE, m -> routes.put(new Route(m.body()))
      .onSuccess(v -> m.reply("ok"))).completion()
      .compose(v -> ChildJvm.announce(vertx, PARENT_READY, new JsonObject().put("nodeId", nodeId)));
  }
}
