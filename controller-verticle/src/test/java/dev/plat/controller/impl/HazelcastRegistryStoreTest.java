package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.impl.HazelcastConfigs;
import dev.plat.cluster.testing.FreePorts;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.LeaderTerms;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster registry's logic against one embedded Hazelcast member (the cross-JVM behaviour: RegistryStoreIT). */
class HazelcastRegistryStoreTest {
  private static HazelcastInstance hz;
  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path leaderDir;
  @TempDir
  Path otherDir;

  @BeforeAll
  static void startMember() {
    hz = Hazelcast.newHazelcastInstance(HazelcastConfigs.create(new ClusterOptions().setNodeId("unit")
      .setClusterName(FreePorts.clusterName()).setPort(0).setWaitSecondsBeforeJoin(0)));
  }

  @AfterAll
  static void stopMember() {
    hz.shutdown();
  }

  @BeforeEach
  void emptyCluster() {
    hz.getMap(Names.Hz.REGISTRY).clear();
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static PlatError failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return PlatError.from(e.getCause());
    }
    throw new AssertionError("expected a failure");
  }

  static FunctionRecord record(String name, long version) {
    return new FunctionRecord(new FunctionSpec(name, "python-flask", version, "img:" + version, "sha256:" + version,
      Map.of("K", "v"), null, null, "p", "s", true, null, List.of(name + ".example.com"), 10, 20),
      FunctionRecord.Desired.RUNNING);
  }

  private RegistryStore leader(Path dataDir) throws Exception {
    long term = await(LeaderTerms.next(vertx, hz));
    RegistryStore store = RegistryStore.hazelcast(vertx, hz, dataDir, () -> term);
    await(store.load());
    return store;
  }

  private List<FunctionRecord> clusterRecords() throws Exception {
    return await(HazelcastRegistryStore.state(vertx, hz)).functionRecords();
  }

  @Test
  void whatALeaderSavesIsWhatTheNextLeaderLoads() throws Exception {
    RegistryStore first = leader(leaderDir);
    await(first.save(List.of(record("a", 1), record("b", 1))));
    await(first.save(List.of(record("b", 2))));

    assertEquals(List.of(record("b", 2)), await(leader(otherDir).load()));
  }

  @Test
  void termsOnlyGoUp() throws Exception {
    long first = await(LeaderTerms.next(vertx, hz));
    long second = await(LeaderTerms.next(vertx, hz));
    assertTrue(second > first, first + " then " + second);
    assertEquals(second, await(LeaderTerms.current(vertx, hz)));
  }

  @Test
  void aLeaderWithAnOlderTermCanNeitherOverwriteNorDeleteNorAddOnceANewerTermExists() throws Exception {
    RegistryStore stale = leader(leaderDir);
    await(stale.save(List.of(record("a", 1), record("b", 1))));
    RegistryStore current = leader(otherDir);
    await(current.save(List.of(record("a", 2), record("b", 1))));

    for (List<FunctionRecord> attempt : List.of(List.of(record("a", 9), record("b", 1)), List.of(record("b", 1)),
        List.of(record("a", 1), record("b", 1), record("c", 1)))) {
      PlatError refused = failure(stale.save(attempt));
      assertEquals(503, refused.status());
      assertEquals("not_leader", refused.code(), refused.getMessage());
    }
    assertEquals(List.of(record("a", 2), record("b", 1)), clusterRecords());
    await(current.save(List.of(record("a", 2))));
    assertEquals(List.of(record("a", 2)), clusterRecords());
  }

  @Test
  void aStaleLeaderCannotSeedTheRegistryAfterAWholeClusterRestart() throws Exception {
    long old = await(LeaderTerms.next(vertx, hz));
    await(LeaderTerms.next(vertx, hz));
    PlatError refused = failure(RegistryStore.hazelcast(vertx, hz, leaderDir, () -> old).load());
    assertEquals("not_leader", refused.code());
  }

  @Test
  void aStoreThatDidNotLoadTheRegistryCannotWriteIt() throws Exception {
    long term = await(LeaderTerms.next(vertx, hz));
    PlatError refused = failure(RegistryStore.hazelcast(vertx, hz, leaderDir, () -> term).save(List.of(record("a", 1))));
    assertEquals("registry_not_loaded", refused.code());
  }

  @Test
  void afterAWholeClusterRestartTheLeaderSeedsTheRegistryFromItsDisk() throws Exception {
    await(new FileRegistryStore(vertx, leaderDir.resolve("registry")).save(List.of(record("a", 1)), 4));

    assertEquals(List.of(record("a", 1)), await(leader(leaderDir).load()));
    assertEquals(4, await(HazelcastRegistryStore.state(vertx, hz)).revision());
    // seeded once: a later disk copy does not replace what the cluster holds
    await(new FileRegistryStore(vertx, otherDir.resolve("registry")).save(List.of(record("z", 1)), 9));
    assertEquals(List.of(record("a", 1)), await(leader(otherDir).load()));
  }

  @Test
  void aNewerDiskCopyOfAnotherMemberWinsOverTheLeadersOlderOne() throws Exception {
    await(new FileRegistryStore(vertx, leaderDir.resolve("registry")).save(List.of(record("a", 1)), 3));
    await(new FileRegistryStore(vertx, otherDir.resolve("registry")).save(List.of(record("a", 2)), 5));
    RegistryMirror follower = await(RegistryMirror.start(vertx, hz, otherDir));

    assertEquals(List.of(record("a", 2)), await(leader(leaderDir).load()));
    await(follower.close());
  }

  @Test
  void theMirrorWritesTheLastChangeToDiskWithItsRevision() throws Exception {
    RegistryMirror mirror = await(RegistryMirror.start(vertx, hz, otherDir));
    RegistryStore store = leader(leaderDir);
    List<FunctionRecord> records = new ArrayList<>();
    List<Future<Void>> saves = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      records.add(record("f" + (100 + i), i));
      saves.add(store.save(List.copyOf(records)));
    }
    await(Future.all(saves));
    long revision = await(HazelcastRegistryStore.state(vertx, hz)).revision();

    await(mirror.written(revision));
    FileRegistryStore.Snapshot file = await(new FileRegistryStore(vertx, otherDir.resolve("registry")).loadSnapshot());
    assertEquals(records, file.records());
    assertEquals(revision, file.revision());
    await(mirror.close());
  }
}
