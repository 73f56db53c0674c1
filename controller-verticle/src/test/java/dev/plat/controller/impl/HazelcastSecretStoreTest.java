package dev.plat.controller.impl;

import static dev.plat.controller.impl.HazelcastRegistryStoreTest.await;
import static dev.plat.controller.impl.HazelcastRegistryStoreTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Names;
import dev.plat.cluster.impl.HazelcastConfigs;
import dev.plat.cluster.testing.FreePorts;
import dev.plat.controller.SecretStore;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's secrets against one embedded Hazelcast member: replicated entry, disk copy, fencing, reseeding. */
class HazelcastSecretStoreTest {
  private static HazelcastInstance hz;
  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dataDir;

  @BeforeAll
  static void startMember() {
    hz = Hazelcast.newHazelcastInstance(HazelcastConfigs.create(new ClusterOptions().setNodeId("unit-secrets")
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

  private static long revision() {
    return ((RegistryState) hz.getMap(Names.Hz.REGISTRY).get(HazelcastSecretStore.KEY)).revision();
  }

  @Test
  void savesToTheClusterAndEveryMembersMirrorAndAnotherLeaderLoadsIt() throws Exception {
    RegistryMirror mirror = await(RegistryMirror.startSecrets(vertx, hz, dataDir.resolve("member")));
    SecretStore leader = SecretStore.hazelcast(vertx, hz, dataDir, () -> 1);
    assertEquals(Map.of(), await(leader.load()));

    await(leader.save(Map.of("db", "{\"name\":\"db\",\"data\":{\"k\":\"SEALED\"}}")));

    await(mirror.written(revision()));
    await(mirror.close());
    assertTrue(Files.readString(dataDir.resolve("member").resolve("secrets").resolve("secrets.json")).contains("SEALED"));
    SecretStore next = SecretStore.hazelcast(vertx, hz, dataDir.resolve("other"), () -> 2);
    assertEquals(Map.of("db", "{\"name\":\"db\",\"data\":{\"k\":\"SEALED\"}}"), await(next.load()));
  }

  @Test
  void anOlderLeaderCannotWriteOnceANewerOneLoaded() throws Exception {
    SecretStore old = SecretStore.hazelcast(vertx, hz, dataDir, () -> 1);
    await(old.load());
    SecretStore newer = SecretStore.hazelcast(vertx, hz, dataDir.resolve("other"), () -> 2);
    await(newer.load());

    assertEquals("not_leader", failure(old.save(Map.of("db", "{}"))).code());
    await(newer.save(Map.of("db", "{\"name\":\"db\"}")));
  }

  @Test
  void aWholeClusterRestartSeedsFromTheDiskCopy() throws Exception {
    RegistryMirror mirror = await(RegistryMirror.startSecrets(vertx, hz, dataDir));
    SecretStore leader = SecretStore.hazelcast(vertx, hz, dataDir, () -> 1);
    await(leader.load());
    await(leader.save(Map.of("db", "{\"name\":\"db\",\"data\":{\"k\":\"S\"}}")));
    await(mirror.written(revision()));
    await(mirror.close());
    hz.getMap(Names.Hz.REGISTRY).clear();

    SecretStore restarted = SecretStore.hazelcast(vertx, hz, dataDir, () -> 1);

    assertEquals(Map.of("db", "{\"name\":\"db\",\"data\":{\"k\":\"S\"}}"), await(restarted.load()));
  }
}
