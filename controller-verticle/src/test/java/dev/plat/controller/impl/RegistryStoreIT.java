package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.partition.Partition;
import dev.plat.cluster.ClusterBootstrap;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.testing.ChildJvm;
import dev.plat.cluster.testing.FreePorts;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.LeaderTerms;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cluster registry across JVMs: member A ({@link RegistryMemberMain}, its own JVM) leads and
 * saves; member B (this JVM) mirrors the registry to its disk. A stale term's write is refused;
 * after kill -9 of A, B still reads every acknowledged record; after B stops too, a new cluster of
 * one member on B's data dir gets the registry back from disk. Hazelcast's failure detector is set
 * to 2 s; nothing asserts a duration.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class RegistryStoreIT {
  private static final Path TARGET = Path.of("target", "registry-store-it").toAbsolutePath();
  private static final Path B_DATA = TARGET.resolve("b");
  private static ClusterBootstrap memberB;
  private static RegistryMirror mirrorB;
  private static ChildJvm memberA;
  private static final Promise<Void> aReady = Promise.promise();
  private static final List<FunctionRecord> acknowledged = new ArrayList<>();

  @BeforeAll
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  static void startBothMembers(VertxTestContext test) throws Exception {
    deleteTree(TARGET);
    String clusterName = FreePorts.clusterName();
    memberB = new ClusterBootstrap(new ClusterOptions().setNodeId("b").setClusterName(clusterName)
      .setPort(0).setWaitSecondsBeforeJoin(0).setMaxNoHeartbeatSeconds(2));
    memberB.start()
      .compose(vertx -> vertx.eventBus().<JsonObject>consumer(RegistryMemberMain.PARENT_READY, m -> {
        m.reply("ok");
        aReady.tryComplete();
      }).completion())
      .compose(v -> RegistryMirror.start(memberB.vertx(), memberB.hazelcast(), B_DATA))
      .compose(mirror -> {
        mirrorB = mirror;
        return memberB.vertx().executeBlocking(() -> memberA = ChildJvm.start(RegistryMemberMain.class,
          TARGET.resolve("member-a.log"), List.of("--node-id", "a", "--cluster-name", clusterName,
            "--cluster-port", "0", "--cluster-members", "127.0.0.1:" + memberB.port(),
            "--data-dir", TARGET.resolve("a").toString())));
      })
      .compose(v -> aReady.future())
      .onComplete(test.succeedingThenComplete());
  }

  @AfterAll
  static void stopAll(VertxTestContext test) {
    if (memberA != null) {
      memberA.close();
    }
    (memberB == null ? Future.<Void>succeededFuture() : memberB.close()).onComplete(test.succeedingThenComplete());
  }

  private static Future<String> onA(String address, Object body) {
    return memberB.vertx().eventBus().<String>request(address, body).map(io.vertx.core.eventbus.Message::body);
  }

  private static Future<String> saveOnA(List<FunctionRecord> records) {
    JsonArray functions = new JsonArray();
    records.forEach(r -> functions.add(r.toJson()));
    return onA(RegistryMemberMain.SAVE, new JsonObject().put("functions", functions));
  }

  /** Saves on A one record more each time, one save after the other, each acknowledged before the next. */
  private static Future<Void> saveGrowing(int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = acknowledged.size(); i < acknowledged.size() + count; i++) {
      FunctionRecord next = HazelcastRegistryStoreTest.record("fn-" + i, i + 1);
      chain = chain.compose(v -> {
        List<FunctionRecord> records = new ArrayList<>(acknowledged);
        records.add(next);
        return saveOnA(records).map(ok -> {
          acknowledged.add(next);
          return null;
        });
      });
    }
    return chain;
  }

  @Test
  @Order(1)
  void aLeadersWritesAreRefusedOnceANewerTermExists(VertxTestContext test) {
    onA(RegistryMemberMain.LEAD, "")
      .compose(term -> saveGrowing(3))
      .compose(v -> LeaderTerms.next(memberB.vertx(), memberB.hazelcast()))
      .compose(newer -> {
        List<FunctionRecord> records = new ArrayList<>(acknowledged);
        records.add(HazelcastRegistryStoreTest.record("fn-stale", 1));
        return saveOnA(records).transform(ar -> Future.succeededFuture(ar));
      })
      .compose(ar -> HazelcastRegistryStore.state(memberB.vertx(), memberB.hazelcast()).map(state -> {
        test.verify(() -> {
          assertEquals(true, ar.failed(), "the stale write was acknowledged");
          PlatError refused = PlatError.from(ar.cause());
          assertEquals(503, refused.status());
          assertEquals("not_leader", refused.code(), refused.getMessage());
          assertEquals(acknowledged, state.functionRecords());
        });
        return state;
      }))
      .onComplete(test.succeedingThenComplete());
  }

  /** Completes once no partition migrates and every backup is in sync (asked every 100 ms). */
  private static Future<Void> clusterSafe() {
    return memberB.vertx().executeBlocking(() -> memberB.hazelcast().getPartitionService().isClusterSafe(), false)
      .compose(safe -> {
        if (safe) {
          return Future.succeededFuture();
        }
        Promise<Void> again = Promise.promise();
        memberB.vertx().setTimer(100, id -> clusterSafe().onComplete(again));
        return again.future();
      });
  }

  @Test
  @Order(2)
  void afterKillMinus9OfTheWriterTheOtherMemberStillReadsEveryAcknowledgedRecord(VertxTestContext test) {
    Promise<Void> aGone = Promise.promise();
    memberB.vertx().runOnContext(x -> {
      memberB.onMemberLeft(member -> aGone.tryComplete());
      Partition partition = memberB.hazelcast().getPartitionService().getPartition(HazelcastRegistryStore.KEY);
      System.out.println("registry partition owned by " + partition.getOwner() + "; this member is "
        + memberB.hazelcast().getCluster().getLocalMember());
      // one loss at a time: the writes start once the partitions migrated since A joined have their backups
      clusterSafe()
        .compose(v -> onA(RegistryMemberMain.LEAD, ""))
        .compose(term -> saveGrowing(2))
        .compose(v -> {
          memberA.kill();
          return aGone.future();
        })
        .compose(v -> HazelcastRegistryStore.state(memberB.vertx(), memberB.hazelcast()))
        .compose(state -> {
          test.verify(() -> {
            assertEquals(5, acknowledged.size());
            assertEquals(names(acknowledged), names(state.functionRecords()));
            assertEquals(acknowledged, state.functionRecords());
            assertEquals(1, memberB.memberCount());
          });
          return mirrorB.written(state.revision());
        })
        .onComplete(test.succeedingThenComplete());
    });
  }

  @Test
  @Order(3)
  void aWholeClusterRestartGetsTheRegistryBackFromDisk(VertxTestContext test) {
    ClusterBootstrap restarted = new ClusterBootstrap(new ClusterOptions().setNodeId("b2")
      .setClusterName(FreePorts.clusterName()).setPort(0).setWaitSecondsBeforeJoin(0));
    mirrorB.close()
      .compose(v -> memberB.close())
      .compose(v -> {
        memberB = null;
        return restarted.start();
      })
      .compose(vertx -> LeaderTerms.next(vertx, restarted.hazelcast())
        .compose(term -> RegistryStore.hazelcast(vertx, restarted.hazelcast(), B_DATA, () -> term).load()))
      .onComplete(ar -> restarted.close().onComplete(closed -> {
        if (ar.failed()) {
          test.failNow(ar.cause());
          return;
        }
        test.verify(() -> {
          assertEquals(names(acknowledged), names(ar.result()));
          assertEquals(acknowledged, ar.result());
        });
        test.completeNow();
      }));
  }

  private static List<String> names(List<FunctionRecord> records) {
    return records.stream().map(FunctionRecord::name).toList();
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (java.nio.file.Files.exists(dir)) {
      try (var paths = java.nio.file.Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
