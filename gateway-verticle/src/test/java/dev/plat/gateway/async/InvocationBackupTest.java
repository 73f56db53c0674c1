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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Hazelcast members racing compare-and-sets on the same invocations, as the workers of two
 * nodes do; then the member owning half the partitions dies abruptly. Every revision a write was
 * told it applied must be what the survivor holds: the backup is an exact copy of the primary.
 */
class InvocationBackupTest {
  private static final int KEYS = 40;
  private static final int ROUNDS = 30;

  @TempDir
  Path data;

  @Test
  void after_racing_writes_the_survivor_holds_every_acknowledged_revision() throws Exception {
    String cluster = FreePorts.clusterName();
    HazelcastInstance first = member(cluster, "one", List.of());
    HazelcastInstance second = member(cluster, "two", List.of("127.0.0.1:" + first.getCluster().getLocalMember().getAddress().getPort()));
    Vertx vertx = Vertx.vertx();
    try {
      InvocationStore one = await(HazelcastInvocationStore.create(vertx, first, data.resolve("one"), 3600));
      InvocationStore two = await(HazelcastInvocationStore.create(vertx, second, data.resolve("two"), 3600));
      for (int k = 0; k < KEYS; k++) {
        await(one.create(AsyncInvocation.queued("inv-" + k, "fn", new JsonObject().put("method", "POST"), null, 1)));
      }
      Map<String, Long> applied = new ConcurrentHashMap<>();
      AtomicInteger refused = new AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (InvocationStore store : List.of(one, two, one, two)) {
        Thread writer = new Thread(() -> race(store, applied, refused));
        writer.start();
        writers.add(writer);
      }
      for (Thread writer : writers) {
        writer.join(TimeUnit.SECONDS.toMillis(120));
      }
      assertEquals(KEYS, applied.size(), "every key was written");
      assertTrue(refused.get() > 0, "the writers raced (some writes were refused)");

      second.getLifecycleService().terminate();
      for (int k = 0; k < KEYS; k++) {
        String id = "inv-" + k;
        assertEquals(applied.get(id), await(one.get(id)).rev(), "the survivor's revision of " + id);
      }
    } finally {
      await(vertx.close());
      first.shutdown();
      second.getLifecycleService().terminate();
    }
  }

  /** Reads and claims every key again and again; keeps the highest revision a write applied. */
  private static void race(InvocationStore store, Map<String, Long> applied, AtomicInteger refused) {
    try {
      for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < KEYS; k++) {
          AsyncInvocation found = await(store.get("inv-" + k));
          AsyncInvocation next = found.claimed("n", "m", round);
          if (await(store.replace(found, next))) {
            applied.merge(next.id(), next.rev(), Math::max);
          } else {
            refused.incrementAndGet();
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HazelcastInstance member(String cluster, String id, List<String> members) {
    return Hazelcast.newHazelcastInstance(HazelcastConfigs.create(new ClusterOptions().setNodeId(id)
      .setClusterName(cluster).setPort(0).setMembers(members).setWaitSecondsBeforeJoin(0)));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
