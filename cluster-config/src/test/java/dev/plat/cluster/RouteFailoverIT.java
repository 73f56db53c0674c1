package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.plat.cluster.testing.ChildJvm;
import dev.plat.cluster.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dead node's routes leave the table: two members in two JVMs on 127.0.0.1, each with its
 * route table and {@link RouteJanitor}: this one ("parent", lease bound one hour, so nothing here
 * expires by lease) and {@link RouteOwnerMain} ("child", lease bound 5 s). Hazelcast's failure
 * detector is set to 2 s so the kill is noticed quickly; nothing asserts a duration: each test
 * waits for the event it is about, bounded only by the test's timeout.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class RouteFailoverIT {
  private static final Path TARGET = Path.of("target");
  private static ClusterBootstrap parent;
  private static RouteTable parentRoutes;
  private static RouteJanitor parentJanitor;
  private static ChildJvm child;
  private static final Promise<Void> childReady = Promise.promise();
  private static final Promise<JsonObject> ghostExpired = Promise.promise();

  @BeforeAll
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  static void startBothMembers(VertxTestContext test) {
    String clusterName = FreePorts.clusterName();
    parent = new ClusterBootstrap(new ClusterOptions().setNodeId("parent").setClusterName(clusterName)
      .setPort(0).setWaitSecondsBeforeJoin(0).setMaxNoHeartbeatSeconds(2));
    parent.start()
      .compose(vertx -> RouteTable.hazelcast(vertx, parent.hazelcast()))
      .compose(routes -> {
        parentRoutes = routes;
        return RouteJanitor.start(parent, routes, 3600);
      })
      .compose(janitor -> {
        parentJanitor = janitor;
        Vertx vertx = parent.vertx();
        return Future.all(
          vertx.eventBus().<JsonObject>consumer(RouteOwnerMain.PARENT_READY, m -> {
            m.reply("ok");
            childReady.tryComplete();
          }).completion(),
          vertx.eventBus().<JsonObject>consumer(RouteOwnerMain.PARENT_DEPARTURE, m -> {
            if ("ghost".equals(m.body().getString("nodeId"))) {
              ghostExpired.tryComplete(m.body());
            }
          }).completion());
      })
      .compose(v -> parent.vertx().executeBlocking(() -> child = ChildJvm.start(RouteOwnerMain.class,
        TARGET.resolve("route-failover-it-child.log"), List.of("--node-id", "child", "--cluster-name", clusterName,
          "--cluster-port", "0", "--cluster-members", "127.0.0.1:" + parent.port(),
          "--route-lease-seconds", "5",
          "--data-dir", TARGET.resolve("route-failover-it-child").toAbsolutePath().toString()))))
      .compose(v -> childReady.future())
      .onComplete(test.succeedingThenComplete());
  }

  @AfterAll
  static void stopBothMembers(VertxTestContext test) {
    if (child != null) {
      child.close();
    }
    (parent == null ? Future.<Void>succeededFuture() : parent.close()).onComplete(test.succeedingThenComplete());
  }

  private static Route route(String function, String instance, String node) {
    return new Route(function, instance, 1, node, "/sockets/" + instance + "/fn.sock", "127.0.0.1:8081");
  }

  /** Completes on the parent's context once {@code condition} holds, checked now and after every table change. */
  private static Future<Void> whenTable(BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    parent.vertx().runOnContext(x -> {
      parentRoutes.onChange(() -> {
        if (condition.getAsBoolean()) {
          done.tryComplete();
        }
      });
      if (condition.getAsBoolean()) {
        done.tryComplete();
      }
    });
    return done.future();
  }

  private static boolean owns(String node) {
    return parentRoutes.snapshot().values().stream().flatMap(List::stream).anyMatch(r -> node.equals(r.node()));
  }

  /**
   * Completes once the parent's health answer says its partitions' backups are in sync (asked
   * again every 100 ms: partitions migrate for a while after the child joined); the test's
   * timeout bounds it.
   */
  private static Future<Void> backupsInSync() {
    return RouteJanitor.ask(parent.vertx(), "parent").compose(state -> {
      if (state != null && Boolean.TRUE.equals(state.getBoolean("backupsInSync"))) {
        return Future.succeededFuture();
      }
      Promise<Void> again = Promise.promise();
      parent.vertx().setTimer(100, id -> backupsInSync().onComplete(again));
      return again.future();
    });
  }

  private static Future<Void> putOnChild(Route route) {
    return parent.vertx().eventBus().request(RouteOwnerMain.PUT_ROUTE, route.toJson()).mapEmpty();
  }

  @Test
  @Order(1)
  void routesOfANodeThatNeverRenewsALeaseExpireWhileItsRenewingPeersKeepTheirs(VertxTestContext test) {
    // "ghost" is no member and has no lease: only the child's janitor (5 s bound) can take its route out.
    // The parent's own route stays: the parent renews its lease every second.
    parentRoutes.put(route("fn-ghost", "i-ghost", "ghost"))
      .compose(v -> parentRoutes.put(route("fn-parent", "i-parent", "parent")))
      .compose(v -> ghostExpired.future())
      .compose(departure -> {
        test.verify(() -> {
          assertEquals(RouteJanitor.LEASE_EXPIRED, departure.getString("reason"));
          assertEquals(1, departure.getInteger("routes"));
        });
        return whenTable(() -> !owns("ghost"));
      })
      // the parent renews its lease every second; a parent stalled past the 5 s bound loses the route until
      // its next renewal puts it back, so the route is awaited, not read once
      .compose(v -> whenTable(() -> parentRoutes.routes("fn-parent").size() == 1))
      .onComplete(test.succeedingThenComplete());
  }

  @Test
  @Order(2)
  void routesOfALiveNodeThatAnotherMemberTookOutArePutBackByTheirNode(VertxTestContext test) {
    // the child takes out the parent's routes as if the parent were gone; the parent's janitor puts them back.
    // Watched on the replicated map's own events (each change is one, in order): the table's listeners read
    // the table as it is when they run, which may already be after the put-back.
    Promise<Void> gone = Promise.promise();
    Promise<Void> back = Promise.promise();
    ReplicatedMap<String, String> map = parent.hazelcast().getReplicatedMap(Names.Hz.ROUTES);
    map.addEntryListener(new EntryAdapter<>() {
      @Override
      public void entryRemoved(EntryEvent<String, String> event) {
        gone.tryComplete();
      }

      @Override
      public void entryAdded(EntryEvent<String, String> event) {
        if (gone.future().isComplete()) {
          back.tryComplete();
        }
      }
    }, "i-parent");
    parent.vertx().eventBus().request(RouteOwnerMain.REMOVE_NODE, "parent")
      .compose(v -> gone.future())
      .compose(v -> back.future())
      .compose(v -> whenTable(() -> parentRoutes.routes("fn-parent").size() == 1))
      .onComplete(test.succeeding(v -> test.verify(() -> {
        assertEquals(List.of("i-parent"), parentRoutes.routes("fn-parent").stream().map(Route::instance).toList());
        test.completeNow();
      })));
  }

  @Test
  @Order(3)
  void theHealthAnswerSaysTheBackupsAreInSyncOnceThePartitionsSettled(VertxTestContext test) {
    // two members: each partition has its owner on one and its backup on the other once migrations end
    backupsInSync().onComplete(test.succeedingThenComplete());
  }

  @Test
  @Order(4)
  void whenAMemberIsKilledTheSurvivorTakesItsRoutesOutAsSoonAsHazelcastReportsItGone(VertxTestContext test) {
    Promise<JsonObject> departed = Promise.promise();
    parent.vertx().runOnContext(x -> parentJanitor.onDeparture(departed::tryComplete));
    Future.all(putOnChild(route("fn-a", "i-a1", "child")), putOnChild(route("fn-b", "i-b1", "child")),
        parentRoutes.put(route("fn-b", "i-b2", "parent")))
      .compose(v -> whenTable(() -> parentRoutes.routes("fn-a").size() == 1 && parentRoutes.routes("fn-b").size() == 2))
      .compose(v -> {
        test.verify(() -> assertEquals("up", parentJanitor.state().getString("status")));
        long killedAt = System.nanoTime();
        child.kill();
        return departed.future().map(event -> {
          System.out.printf("child's routes out of the parent's table %d ms after kill -9%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
          return event;
        });
      })
      .onComplete(test.succeeding(event -> test.verify(() -> {
        assertEquals("child", event.getString("nodeId"));
        assertEquals(RouteJanitor.LEFT, event.getString("reason"));
        assertEquals(2, event.getInteger("routes"));
        assertEquals(1, parent.memberCount());
        assertFalse(owns("child"), parentRoutes.snapshot().toString());
        assertEquals(List.of("i-b2"), parentRoutes.routes("fn-b").stream().map(Route::instance).toList());
        assertFalse(parent.hazelcast().getReplicatedMap(Names.Hz.LEASES).containsKey("child"));
        JsonObject state = parentJanitor.state();
        assertEquals("degraded", state.getString("status"), state.encode());
        assertEquals(new JsonArray().add("fn-a"), state.getJsonArray("unrouted"));
        JsonObject left = state.getJsonArray("left").getJsonObject(0);
        assertEquals("child", left.getString("nodeId"));
        assertEquals(new JsonArray().add("fn-a").add("fn-b"), left.getJsonArray("functions"));
        assertTrue(left.getLong("at") > 0);
        test.completeNow();
      })));
  }

  @Test
  @Order(5)
  void theClusterIsUpAgainOnceTheLostFunctionHasARouteAgain(VertxTestContext test) {
    parentRoutes.put(route("fn-a", "i-a2", "parent"))
      .compose(v -> RouteJanitor.ask(parent.vertx(), "parent"))
      .onComplete(test.succeeding(state -> test.verify(() -> {
        assertEquals("up", state.getString("status"), state.encode());
        assertEquals(3600, state.getInteger("leaseSeconds"));
        assertEquals("child", state.getJsonArray("left").getJsonObject(0).getString("nodeId"));
        test.completeNow();
      })));
  }
}
