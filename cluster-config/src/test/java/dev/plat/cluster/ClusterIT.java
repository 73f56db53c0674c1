package dev.plat.cluster;

import static dev.plat.cluster.ClusterTestMain.CHILD_CALL_PARENT;
import static dev.plat.cluster.ClusterTestMain.CHILD_PING;
import static dev.plat.cluster.ClusterTestMain.CHILD_PUT_ROUTE;
import static dev.plat.cluster.ClusterTestMain.PARENT_PING;
import static dev.plat.cluster.ClusterTestMain.PARENT_READY;
import static dev.plat.cluster.ClusterTestMain.PARENT_ROUTES_CHANGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.testing.ChildJvm;
import dev.plat.cluster.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two members in two JVMs on 127.0.0.1 with a TCP-IP join: this one and {@link ClusterTestMain}.
 * The tests run in order on the same pair; the last one kills the child.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ClusterIT {
  private static final Path TARGET = Path.of("target");
  /**
   * How long the polls wait for a route to reach the other member before they fail with a message
   * (the test's own timeout is 60 s). No bound on the time it takes: both tables run without their
   * periodic resync, so a route that arrives at all came through the entry listeners.
   */
  private static final long PROPAGATION_WAIT_MS = 50_000;
  private static ClusterBootstrap parent;
  private static RouteTable parentRoutes;
  private static ChildJvm child;
  private static final Promise<JsonObject> childReady = Promise.promise();
  private static final AtomicReference<JsonObject> childRoutes = new AtomicReference<>(new JsonObject());

  @BeforeAll
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  static void startBothMembers(VertxTestContext test) {
    String clusterName = FreePorts.clusterName();
    // both members on free ports (0): the child joins the parent on the port the parent got
    parent = new ClusterBootstrap(new ClusterOptions().setNodeId("parent").setClusterName(clusterName)
      .setPort(0).setWaitSecondsBeforeJoin(0));
    long started = System.currentTimeMillis();
    parent.start()
      .compose(vertx -> RouteTable.hazelcast(vertx, parent.hazelcast(), 0))
      .compose(routes -> {
        parentRoutes = routes;
        return routes.put(route("pre", "i-pre", "parent"));
      })
      .compose(v -> {
        EventBus bus = parent.vertx().eventBus();
        return Future.all(
          bus.<String>consumer(PARENT_PING, m -> m.reply("parent-pong:" + m.body())).completion(),
          bus.<JsonObject>consumer(PARENT_READY, m -> {
            m.reply("ok");
            childRoutes.set(m.body());
            childReady.tryComplete(m.body());
          }).completion(),
          bus.<JsonObject>consumer(PARENT_ROUTES_CHANGED, m -> childRoutes.set(m.body())).completion());
      })
      .compose(v -> {
        int parentPort = parent.port();
        System.out.printf("parent member up in %d ms on 127.0.0.1:%d%n", System.currentTimeMillis() - started,
          parentPort);
        return parent.vertx().executeBlocking(() -> child = ChildJvm.start(ClusterTestMain.class,
          TARGET.resolve("cluster-it-child.log"), List.of("--node-id", "child", "--cluster-name", clusterName,
            "--cluster-port", "0", "--cluster-members", "127.0.0.1:" + parentPort,
            "--data-dir", TARGET.resolve("cluster-it-child").toAbsolutePath().toString())));
      })
      .compose(v -> childReady.future())
      .onComplete(test.succeeding(ready -> {
        System.out.printf("child JVM (pid %d) joined and ready %d ms after the parent started%n", child.pid(),
          System.currentTimeMillis() - started);
        test.completeNow();
      }));
  }

  @AfterAll
  static void stopBothMembers(VertxTestContext test) {
    if (child != null) {
      child.close();
    }
    (parent == null ? Future.<Void>succeededFuture() : parent.close()).onComplete(test.succeedingThenComplete());
  }

  static Route route(String function, String instance, String node) {
    return new Route(function, instance, 1, node, "/sockets/" + instance + "/fn.sock", "127.0.0.1:8081");
  }

  /** Checks {@code value} every 5 ms until it is non-null; fails after {@code millis}. */
  static <T> Future<T> poll(Vertx vertx, String what, long millis, Supplier<T> value) {
    Promise<T> promise = Promise.promise();
    long deadline = System.currentTimeMillis() + millis;
    vertx.setPeriodic(0, 5, id -> {
      T v = value.get();
      if (v != null) {
        vertx.cancelTimer(id);
        promise.complete(v);
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        promise.fail(new AssertionError("timed out after " + millis + " ms waiting for " + what
          + "\n--- child output ---\n" + child.output()));
      }
    });
    return promise.future();
  }

  private static Long childSawAt(boolean present, String instance) {
    JsonObject state = childRoutes.get();
    return state.getJsonArray("instances", new io.vertx.core.json.JsonArray()).contains(instance) == present
      ? state.getLong("at") : null;
  }

  @Test
  @Order(1)
  void twoJvmsFormOneClusterOverTcp(VertxTestContext test) {
    test.verify(() -> {
      assertEquals(2, parent.memberCount());
      assertEquals(2, childReady.future().result().getInteger("members"));
      List<ClusterMember> members = parent.members();
      assertEquals(List.of("child", "parent"), members.stream().map(ClusterMember::nodeId).sorted().toList());
      assertTrue(members.stream().allMatch(m -> m.host().equals("127.0.0.1")));
      assertTrue(members.stream().anyMatch(m -> m.local() && m.nodeId().equals("parent")));
    });
    test.completeNow();
  }

  @Test
  @Order(2)
  void aRequestCrossesTheEventBusBothWays(VertxTestContext test) {
    EventBus bus = parent.vertx().eventBus();
    bus.<String>request(CHILD_PING, "hi")
      .onComplete(test.succeeding(reply -> test.verify(() -> assertEquals("pong:hi:child", reply.body()))))
      .compose(v -> bus.<String>request(CHILD_CALL_PARENT, "back"))
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertEquals("parent-pong:back", reply.body());
        test.completeNow();
      })));
  }

  @Test
  @Order(3)
  void aRoutePutBeforeTheChildJoinedIsInItsFirstSnapshot(VertxTestContext test) {
    test.verify(() -> assertTrue(childReady.future().result().getJsonArray("instances").contains("i-pre")));
    test.completeNow();
  }

  @Test
  @Order(4)
  void aRoutePutOnTheParentReachesTheChildsLocalSnapshot(VertxTestContext test) {
    long putAt = System.currentTimeMillis();
    parentRoutes.put(route("fn", "i-parent", "parent"))
      .compose(v -> poll(parent.vertx(), "i-parent in the child's snapshot", PROPAGATION_WAIT_MS,
        () -> childSawAt(true, "i-parent")))
      .onComplete(test.succeeding(seenAt -> {
        System.out.printf("route propagation parent -> child: %d ms%n", seenAt - putAt);
        test.completeNow();
      }));
  }

  @Test
  @Order(5)
  void aRoutePutOnTheChildReachesTheParentsLocalSnapshot(VertxTestContext test) {
    Vertx vertx = parent.vertx();
    Promise<Long> seen = Promise.promise();
    Promise<JsonObject> putDone = Promise.promise();
    // the listener first, then the put: a route that arrived before the listener would never be seen
    vertx.runOnContext(x -> {
      parentRoutes.onChange(() -> {
        if (parentRoutes.routes("fn").stream().anyMatch(r -> r.instance().equals("i-child"))) {
          seen.tryComplete(System.currentTimeMillis());
        }
      });
      vertx.eventBus().<JsonObject>request(CHILD_PUT_ROUTE, route("fn", "i-child", "child").toJson())
        .map(m -> m.body()).onComplete(putDone);
    });
    Future<JsonObject> put = putDone.future();
    Future.all(put, seen.future()).onComplete(test.succeeding(v -> test.verify(() -> {
      long delay = seen.future().result() - put.result().getLong("putAt");
      System.out.printf("route propagation child -> parent: %d ms%n", delay);
      assertEquals(List.of("i-child", "i-parent"), parentRoutes.routes("fn").stream().map(Route::instance).toList());
      test.completeNow();
    })));
  }

  @Test
  @Order(6)
  void aRouteRemovalReachesTheOtherMember(VertxTestContext test) {
    long removedAt = System.currentTimeMillis();
    parentRoutes.remove("fn", "i-parent")
      .compose(v -> poll(parent.vertx(), "i-parent gone from the child's snapshot", PROPAGATION_WAIT_MS,
        () -> childSawAt(false, "i-parent")))
      .onComplete(test.succeeding(seenAt -> test.verify(() -> {
        System.out.printf("route removal parent -> child: %d ms%n", seenAt - removedAt);
        assertTrue(childSawAt(true, "i-child") != null);
        test.completeNow();
      })));
  }

  @Test
  @Order(7)
  void whenTheChildJvmDiesTheClusterShrinksToOneAndItsRoutesCanBeDropped(VertxTestContext test) {
    Vertx vertx = parent.vertx();
    Promise<ClusterMember> left = Promise.promise();
    vertx.runOnContext(x -> {
      parent.onMemberLeft(left::tryComplete);
      long killedAt = System.currentTimeMillis();
      child.kill();
      poll(vertx, "a cluster of one", 30_000, () -> parent.memberCount() == 1 ? System.currentTimeMillis() : null)
        .compose(shrunkAt -> {
          System.out.printf("cluster back to 1 member %d ms after the child JVM was killed%n", shrunkAt - killedAt);
          return left.future();
        })
        .compose(member -> {
          test.verify(() -> {
            assertEquals("child", member.nodeId());
            assertFalse(member.local());
          });
          return parentRoutes.removeNode(member.nodeId());
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(1, parent.members().size());
          assertTrue(parentRoutes.routes("fn").isEmpty(), parentRoutes.snapshot().toString());
          assertEquals(1, parentRoutes.routes("pre").size());
          test.completeNow();
        })));
    });
  }
}
