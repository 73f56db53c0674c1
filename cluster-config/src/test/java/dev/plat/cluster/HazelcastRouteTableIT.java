package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link RouteTable} contract on a real single-member Hazelcast cluster, plus what only it does. */
class HazelcastRouteTableIT extends RouteTableContract {
  private static ClusterBootstrap cluster;
  private RouteTable table;

  @BeforeAll
  static void startCluster(VertxTestContext test) {
    cluster = new ClusterBootstrap(new ClusterOptions().setNodeId("single").setClusterName(FreePorts.clusterName())
      .setPort(0).setWaitSecondsBeforeJoin(0));
    cluster.start().onComplete(test.succeedingThenComplete());
  }

  @AfterAll
  static void stopCluster(VertxTestContext test) {
    cluster.close().onComplete(test.succeedingThenComplete());
  }

  @BeforeEach
  void openEmptyTable(VertxTestContext test) {
    cluster.vertx().executeBlocking(() -> {
      cluster.hazelcast().getReplicatedMap(Names.Hz.ROUTES).clear();
      return null;
    }).compose(v -> RouteTable.hazelcast(cluster.vertx(), cluster.hazelcast()))
      .onComplete(test.succeeding(t -> {
        table = t;
        test.completeNow();
      }));
  }

  @AfterEach
  void closeTable(VertxTestContext test) {
    table.close().onComplete(test.succeedingThenComplete());
  }

  @Override
  protected Vertx vertx() {
    return cluster.vertx();
  }

  @Override
  protected RouteTable table() {
    return table;
  }

  @Test
  void aSingleMemberSeesItselfWithItsNodeId() {
    assertEquals(1, cluster.memberCount());
    assertTrue(cluster.port() > 0, "the free port picked for 0");
    assertEquals(List.of(new ClusterMember("single", "127.0.0.1", cluster.port(), true)),
      cluster.members());
  }

  @Test
  @Timeout(value = 5, timeUnit = TimeUnit.SECONDS) // below the 10 s resync: only the listener is fast enough
  void anEntryWrittenStraightIntoTheMapReachesTheSnapshotAndAnUnreadableOneIsSkipped(VertxTestContext test) {
    Route a = route("fn", "i-1", "n1");
    vertx().runOnContext(x -> {
      table.onChange(() -> {
        if (!table.routes("fn").isEmpty()) {
          test.verify(() -> {
            assertEquals(Map.of("fn", List.of(a)), table.snapshot());
            test.completeNow();
          });
        }
      });
      vertx().executeBlocking(() -> {
        var map = cluster.hazelcast().<String, String>getReplicatedMap(Names.Hz.ROUTES);
        map.put("i-bad", "{not json");
        map.put(a.instance(), a.toJson().encode());
        return null;
      }).onComplete(test.succeeding(v -> test.verify(() -> assertTrue(table.snapshot().size() <= 1))));
    });
  }

  @Test
  void restorePutsBackOnlyTheRoutesOfTheNodeThatSomeoneElseTookOut(VertxTestContext test) {
    Route mine = route("fn", "i-mine", "n1");
    Route removedHere = route("fn", "i-removed", "n1");
    Route other = route("fn", "i-other", "n2");
    table.put(mine).compose(v -> table.put(removedHere)).compose(v -> table.put(other))
      .compose(v -> table.remove("fn", removedHere.instance()))
      // another member takes out every route (it thinks both nodes gone): straight into the map
      .compose(v -> vertx().executeBlocking(() -> {
        cluster.hazelcast().getReplicatedMap(Names.Hz.ROUTES).clear();
        return null;
      }))
      // the clear reaches the table's local index through a listener, later: wait for it (a clean-clone
      // run once restored before it came, and the index still held the other node's route)
      .compose(v -> whenEmpty(10_000))
      .compose(v -> table.restore("n1"))
      .onComplete(test.succeeding(restored -> test.verify(() -> {
        assertEquals(1, restored);
        assertEquals(Map.of("fn", List.of(mine)), table.snapshot());
        test.completeNow();
      })));
  }

  /** Completes once the table's local index is empty; fails after {@code timeoutMs}. */
  private io.vertx.core.Future<Void> whenEmpty(long timeoutMs) {
    io.vertx.core.Promise<Void> empty = io.vertx.core.Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    vertx().setPeriodic(10, id -> {
      if (table.snapshot().isEmpty()) {
        vertx().cancelTimer(id);
        empty.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx().cancelTimer(id);
        empty.tryFail("the routing table's index still holds " + table.snapshot() + " after the map was cleared");
      }
    });
    return empty.future();
  }

  @Test
  void restoreDoesNotBringBackWhatRemoveNodeTookOutThroughTheTable(VertxTestContext test) {
    table.put(route("fn", "i-1", "n1")).compose(v -> table.removeNode("n1")).compose(v -> table.restore("n1"))
      .onComplete(test.succeeding(restored -> test.verify(() -> {
        assertEquals(0, restored);
        assertTrue(table.snapshot().isEmpty());
        test.completeNow();
      })));
  }
}
