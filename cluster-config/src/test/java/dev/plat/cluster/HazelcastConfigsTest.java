package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
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
}
