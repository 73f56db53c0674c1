package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.plat.cluster.impl.HazelcastConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

class HazelcastConfigsTest {
  private final Config config = HazelcastConfigs.create(new ClusterOptions().setNodeId("n1").setClusterName("c1")
    .setHost("127.0.0.1").setPort(5801).setMembers(List.of("127.0.0.1:5802")).setWaitSecondsBeforeJoin(0));

  @Test
  void keepsTheVertxStructuresOfTheDefaultConfiguration() {
    assertNotNull(config.getMultiMapConfigs().get("__vertx.subs"));
    assertNotNull(config.getMapConfigs().get("__vertx.nodeInfo"));
  }

  @Test
  void bindsOnlyTheClusterHostOnExactlyThePort() {
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertFalse(config.getNetworkConfig().isPortAutoIncrement());
    assertTrue(config.getNetworkConfig().getInterfaces().isEnabled());
    assertEquals(List.of("127.0.0.1"), List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
    assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
  }

  @Test
  void joinsOnlyOverTcpIpToItselfAndTheGivenMembers() {
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1:5801", "127.0.0.1:5802"), join.getTcpIpConfig().getMembers());
  }

  @Test
  void turnsPhoneHomeOffAndSetsNameNodeAndJoinWait() {
    assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
    assertEquals("0", config.getProperty("hazelcast.wait.seconds.before.join"));
    assertEquals("jdk", config.getProperty("hazelcast.logging.type"));
    assertEquals("c1", config.getClusterName());
    assertEquals("n1", config.getMemberAttributeConfig().getAttribute(Names.Hz.NODE_ATTRIBUTE));
  }

  @Test
  void fillsTheRoutesReplicaBeforeItIsRead() {
    assertFalse(config.getReplicatedMapConfig(Names.Hz.ROUTES).isAsyncFillup());
  }

  @Test
  void theRegistryHasOneSynchronousBackupAndWritesNeedAMajorityOfTheConfiguredMembers() {
    MapConfig registry = config.getMapConfig(Names.Hz.REGISTRY);
    assertEquals(1, registry.getBackupCount());
    assertEquals(0, registry.getAsyncBackupCount());
    assertEquals(HazelcastConfigs.REGISTRY_MAJORITY, registry.getSplitBrainProtectionName());
    var protection = config.getSplitBrainProtectionConfig(HazelcastConfigs.REGISTRY_MAJORITY);
    assertTrue(protection.isEnabled());
    assertEquals(2, protection.getMinimumClusterSize());
    assertEquals(SplitBrainProtectionOn.WRITE, protection.getProtectOn());
  }

  @Test
  void aSingleMemberClusterWritesItsRegistryAlone() {
    Config single = HazelcastConfigs.create(new ClusterOptions().setNodeId("n1").setClusterName("c1")
      .setHost("127.0.0.1").setPort(5801));
    assertEquals(1, single.getMapConfig(Names.Hz.REGISTRY).getBackupCount());
    assertEquals(null, single.getMapConfig(Names.Hz.REGISTRY).getSplitBrainProtectionName());
  }

  @Test
  void aMajorityIsMoreThanHalfOfTheMembers() {
    assertEquals(List.of(1, 1, 2, 2, 3, 3), List.of(0, 1, 2, 3, 4, 5).stream().map(HazelcastConfigs::majority).toList());
  }
}
