package dev.plat.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Names;
import dev.plat.cluster.impl.HazelcastConfigs;
import dev.plat.cluster.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schedule's ticks on the real invocation store: one invocation per tick, the mark, what the lists show. */
class ScheduleDeskTest {
  private static HazelcastInstance hz;
  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path data;

  @BeforeAll
  static void startMember() {
    hz = Hazelcast.newHazelcastInstance(HazelcastConfigs.create(new ClusterOptions().setNodeId("unit")
      .setClusterName(FreePorts.clusterName()).setPort(0).setWaitSecondsBeforeJoin(0)));
  }

  @AfterAll
  static void stopMember() {
    hz.shutdown();
  }

  @AfterEach
  void close() throws Exception {
    hz.getMap(Names.Hz.INVOCATIONS).clear();
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aTickFiredTwiceIsOneInvocationAndTheMarkOnlyMovesForward() throws Exception {
    InvocationStore store = await(HazelcastInvocationStore.create(vertx, hz, data, 3600));
    ScheduleDesk desk = new ScheduleDesk(store, () -> 5_000L);
    assertEquals(new JsonObject(), await(desk.mark("tick")));

    JsonObject first = await(desk.fire("tick", 2_000, "@every 2s (UTC)"));
    JsonObject again = await(desk.fire("tick", 2_000, "@every 2s (UTC)"));  // a second leader, same tick
    assertEquals(first.getString("id"), again.getString("id"));
    AsyncInvocation stored = await(store.get(first.getString("id")));
    assertEquals(AsyncInvocation.QUEUED, stored.state());
    assertEquals("POST", stored.request().getString("method"));
    assertEquals("1970-01-01T00:00:02Z", stored.headers().getJsonArray(0).getString(1));
    assertEquals(Names.Header.SCHEDULE, stored.headers().getJsonArray(0).getString(0));

    JsonObject later = await(desk.fire("tick", 4_000, "@every 2s (UTC)"));
    await(desk.fire("tick", 2_000, "@every 2s (UTC)"));  // a late, older tick does not move the mark back
    JsonObject mark = await(desk.mark("tick"));
    assertEquals(4_000L, mark.getLong("tick"));
    assertEquals(later.getString("id"), mark.getString("id"));
    assertEquals("@every 2s (UTC)", mark.getString("expression"));

    // the lists show the two invocations, never the mark; the worker's queue has the two only
    List<InvocationSummary> all = await(store.recent(null, 50));
    assertEquals(2, all.size(), all.toString());
    assertEquals(2, await(store.recent("tick", 50)).size());
    assertEquals(2, await(store.queued()).size());
    // the mark is on this node's disk like the invocations (a whole-cluster restart keeps it)
    assertTrue(Files.exists(data.resolve("invocations").resolve(ScheduleDesk.markId("tick") + ".json")));
  }
}
