package dev.plat.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Names;
import dev.plat.cluster.impl.HazelcastConfigs;
import dev.plat.cluster.testing.FreePorts;
import dev.plat.cluster.testing.LostBackups;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a member's abrupt death leaves of the invocations: two Hazelcast members write, then the
 * second one dies ({@code terminate}, as SIGKILL), and the survivor must hold every revision a write
 * was told it applied.
 */
class InvocationBackupTest {
  private static final int KEYS = 40;
  private static final int ROUNDS = 30;

  @TempDir
  Path data;
  private final Vertx vertx = Vertx.vertx();
  private HazelcastInstance first;
  private HazelcastInstance second;
  private InvocationStore one;
  private InvocationStore two;

  @BeforeEach
  void startTwoMembers() throws Exception {
    String cluster = FreePorts.clusterName();
    first = member(cluster, "one", List.of());
    second = member(cluster, "two", List.of("127.0.0.1:" + first.getCluster().getLocalMember().getAddress().getPort()));
    // the partitions migrated since the second member joined have their backups before anything is written
    LostBackups.awaitSettled(first);
    one = await(HazelcastInvocationStore.create(vertx, first, data.resolve("one"), 3600));
    two = await(HazelcastInvocationStore.create(vertx, second, data.resolve("two"), 3600));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    for (HazelcastInstance member : new HazelcastInstance[] {first, second}) {
      if (member != null) {
        member.getLifecycleService().terminate();
      }
    }
  }

  /** The workers of two nodes claiming the same invocations at once, as they do. */
  @Test
  void after_racing_writes_the_survivor_holds_every_acknowledged_revision() throws Exception {
    for (int k = 0; k < KEYS; k++) {
      await(one.create(queued("inv-" + k)));
    }
    Map<String, Long> applied = new ConcurrentHashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> writers = new ArrayList<>();
    for (InvocationStore store : List.of(one, two, one, two)) {
      Thread writer = new Thread(() -> race(store, applied, failures));
      writer.start();
      writers.add(writer);
    }
    for (Thread writer : writers) {
      writer.join(TimeUnit.SECONDS.toMillis(120));
      assertFalse(writer.isAlive(), "a writer is still writing after 120 s");
    }
    assertEquals(List.of(), failures, "no write failed");
    assertEquals(KEYS, applied.size(), "every key was written");

    second.getLifecycleService().terminate();
    for (int k = 0; k < KEYS; k++) {
      String id = "inv-" + k;
      assertEquals(applied.get(id), await(one.get(id)).rev(), "the survivor's revision of " + id);
    }
  }

  /**
   * Hazelcast may complete a write whose backup never ran (no ack within the backup timeout; a backup
   * its target refused). The next write's backup must carry the record, not re-run the
   * compare-and-set against the backup's older copy: that one is refused there and the copy stays
   * behind for good, while every replica version says it is in sync.
   */
  @Test
  void a_backup_that_missed_a_write_gets_the_record_with_the_next_write() throws Exception {
    String id = LostBackups.keyOwnedBy(second, "owned-");
    AsyncInvocation queued = await(two.create(queued(id)));
    AsyncInvocation running = queued.claimed("n", "m", 2);
    assertTrue(await(two.replace(queued, running)));
    // the primary moves on without its backup, as when a backup is lost
    AsyncInvocation retried = running.requeued(3, 3, null);
    LostBackups.setOnPrimaryOnly(second, Names.Hz.INVOCATIONS, id, new HazelcastJsonValue(retried.encode()));
    AsyncInvocation again = retried.claimed("n", "m", 4);
    assertTrue(await(two.replace(retried, again)), "the primary has the revision the write expects");
    AsyncInvocation done = again.finished(AsyncInvocation.SUCCEEDED, 5, new JsonObject().put("status", 200));
    assertTrue(await(two.replace(again, done)));

    second.getLifecycleService().terminate();
    AsyncInvocation survivor = await(one.get(id));
    assertEquals(done.rev(), survivor.rev(), "the survivor's copy: " + survivor.encode());
    assertEquals(AsyncInvocation.SUCCEEDED, survivor.state());
  }

  /** Reads and claims every key again and again; keeps the highest revision a write applied. */
  private static void race(InvocationStore store, Map<String, Long> applied, List<Throwable> failures) {
    try {
      for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < KEYS; k++) {
          AsyncInvocation found = await(store.get("inv-" + k));
          AsyncInvocation next = found.claimed("n", "m", round);
          if (await(store.replace(found, next))) {
            applied.merge(next.id(), next.rev(), Math::max);
          }
        }
      }
    } catch (Exception e) {
      failures.add(e);
    }
  }

  private static AsyncInvocation queued(String id) {
    return AsyncInvocation.queued(id, "fn", new JsonObject().put("method", "POST"), null, 1);
  }

  private static HazelcastInstance member(String cluster, String id, List<String> members) {
    return Hazelcast.newHazelcastInstance(HazelcastConfigs.create(new ClusterOptions().setNodeId(id)
      .setClusterName(cluster).setPort(0).setMembers(members).setWaitSecondsBeforeJoin(0)));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
