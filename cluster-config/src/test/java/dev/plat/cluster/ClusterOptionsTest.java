package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

  @Test
  void defaultsToASingleMemberOnLoopback() {
    ClusterOptions options = new ClusterOptions();
    assertEquals("127.0.0.1", options.getHost());
    assertEquals(5701, options.getPort());
    assertEquals(List.of(), options.getMembers());
    assertEquals("plat", options.getClusterName());
    assertEquals(0, options.getEventBusPort());
    assertEquals(1, options.getWaitSecondsBeforeJoin());
  }

  @Test
  void takesTheClusterSettingsOfAPlatConfig() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.NODE_ID, "n1", ConfigKey.CLUSTER_NAME, "c1",
      ConfigKey.CLUSTER_HOST, "127.0.0.2", ConfigKey.CLUSTER_PORT, "5801",
      ConfigKey.CLUSTER_MEMBERS, "127.0.0.1:5701"));
    ClusterOptions options = new ClusterOptions(config);
    assertEquals("n1", options.getNodeId());
    assertEquals("c1", options.getClusterName());
    assertEquals("127.0.0.2", options.getHost());
    assertEquals(5801, options.getPort());
    assertEquals(List.of("127.0.0.1:5701"), options.getMembers());
  }

  @Test
  void survivesAJsonRoundTripAndACopy() {
    ClusterOptions options = new ClusterOptions().setNodeId("n2").setClusterName("c2").setPort(6000)
      .setMembers(List.of("127.0.0.1:6001")).setEventBusPort(6002).setWaitSecondsBeforeJoin(0)
      .setMaxNoHeartbeatSeconds(5);
    assertEquals(options.toJson(), new ClusterOptions(options.toJson()).toJson());
    assertEquals(options.toJson(), new ClusterOptions(options).toJson());
  }

  @Test
  void settersRejectBadValuesAtOnce() {
    ClusterOptions options = new ClusterOptions();
    assertEquals("port must be 0-65535 (0: a free port), got '-1'",
      assertThrows(IllegalArgumentException.class, () -> options.setPort(-1)).getMessage());
    assertEquals("host must be an IPv4 address such as 127.0.0.1, got 'localhost'",
      assertThrows(IllegalArgumentException.class, () -> options.setHost("localhost")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> options.setMembers(List.of("127.0.0.1")));
    assertThrows(IllegalArgumentException.class, () -> options.setNodeId("Bad_Id"));
    assertThrows(IllegalArgumentException.class, () -> options.setClusterName("a b"));
    assertThrows(IllegalArgumentException.class, () -> options.setEventBusPort(-1));
    assertThrows(IllegalArgumentException.class, () -> options.setWaitSecondsBeforeJoin(-1));
    assertThrows(IllegalArgumentException.class, () -> options.setMaxNoHeartbeatSeconds(1));
    assertEquals(5701, options.getPort());
  }
}
