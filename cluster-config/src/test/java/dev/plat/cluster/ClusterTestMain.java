package dev.plat.cluster;

import dev.plat.cluster.testing.ChildJvm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The second member of {@link ClusterIT}, run in its own JVM with PlatConfig flags as arguments.
 * It answers on the test addresses below, reports every change of its route snapshot to the parent
 * and exits when the parent JVM goes away.
 */
public final class ClusterTestMain {
  /** Request/reply: answers {@code pong:<body>:<nodeId>}. */
  static final String CHILD_PING = "plat.test.child.ping";
  /** Request/reply: the child asks {@link #PARENT_PING} and replies with the parent's answer. */
  static final String CHILD_CALL_PARENT = "plat.test.child.call-parent";
  /** Request/reply: the child puts the route in the body; replies {@code {"putAt": millis}}. */
  static final String CHILD_PUT_ROUTE = "plat.test.child.put-route";
  /** Request/reply on the parent. */
  static final String PARENT_PING = "plat.test.parent.ping";
  /** Send to the parent, once: {@code {"nodeId", "members", "at", "instances"}}. */
  static final String PARENT_READY = "plat.test.parent.ready";
  /** Send to the parent on every snapshot change: {@code {"at": millis, "instances": [...]}}. */
  static final String PARENT_ROUTES_CHANGED = "plat.test.parent.routes-changed";

  private ClusterTestMain() {
  }

  public static void main(String[] args) {
    ChildJvm.exitWhenParentDies();
    PlatConfig config = PlatConfig.load(args, Map.of());
    ClusterBootstrap cluster = new ClusterBootstrap(new ClusterOptions(config).setWaitSecondsBeforeJoin(0));
    Future<Void> started = cluster.start()
      .compose(vertx -> RouteTable.hazelcast(vertx, cluster.hazelcast(), 0))  // no resync: listeners only (ClusterIT)
      .compose(routes -> serve(cluster, routes, config.nodeId()));
    ChildJvm.readyOrHalt(ClusterTestMain.class, started, cluster::members);
  }

  private static Future<Void> serve(ClusterBootstrap cluster, RouteTable routes, String nodeId) {
    Vertx vertx = cluster.vertx();
    vertx.setTimer(300_000, id -> Runtime.getRuntime().halt(4));
    EventBus bus = vertx.eventBus();
    List<Future<Void>> registered = List.of(
      bus.<String>consumer(CHILD_PING, m -> m.reply("pong:" + m.body() + ":" + nodeId)).completion(),
      bus.<String>consumer(CHILD_CALL_PARENT, m -> bus.<String>request(PARENT_PING, m.body())
        .onSuccess(reply -> m.reply(reply.body()))
        .onFailure(e -> m.fail(500, e.toString()))).completion(),
      bus.<JsonObject>consumer(CHILD_PUT_ROUTE, m -> {
        long putAt = System.currentTimeMillis();
        routes.put(new Route(m.body())).onSuccess(v -> m.reply(new JsonObject().put("putAt", putAt)));
      }).completion());
    return Future.all(registered).compose(v -> {
      routes.onChange(() -> bus.send(PARENT_ROUTES_CHANGED, state(routes)));
      return ChildJvm.announce(vertx, PARENT_READY,
        state(routes).put("nodeId", nodeId).put("members", cluster.memberCount()));
    });
  }

  private static JsonObject state(RouteTable routes) {
    JsonArray instances = new JsonArray();
    routes.snapshot().values().forEach(list -> list.forEach(r -> instances.add(r.instance())));
    return new JsonObject().put("at", System.currentTimeMillis()).put("instances", instances);
  }
}
