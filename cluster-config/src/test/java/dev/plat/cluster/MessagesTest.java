package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void aRouteSurvivesAJsonRoundTrip() {
    Route route = new Route("fn", "i-1", 3, "node-a", "/data/sockets/i-1/fn.sock", "127.0.0.1:8081");
    assertEquals(route, new Route(new JsonObject(route.toJson().encode())));
  }

  @Test
  void aNodeInfoSurvivesAJsonRoundTripWithRolesInOrder() {
    NodeInfo info = new NodeInfo("node-a", EnumSet.of(Role.PROXY, Role.GATEWAY), "127.0.0.1:8080",
      "127.0.0.1:8081", 42L);
    JsonObject json = info.toJson();
    assertEquals(new JsonArray().add("gateway").add("proxy"), json.getJsonArray("roles"));
    assertEquals(info, new NodeInfo(new JsonObject(json.encode())));
  }

  @Test
  void aNodeInfoOfAConfigAdvertisesTheProxyOnTheClusterHost() {
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.NODE_ID, "n1", ConfigKey.CLUSTER_HOST, "127.0.0.2",
      ConfigKey.PROXY_PORT, "9001", ConfigKey.ROLES, "proxy"));
    NodeInfo info = NodeInfo.of(config, 7L);
    assertEquals("127.0.0.2:9001", info.proxy());
    assertEquals("127.0.0.1:8080", info.http());
    assertEquals(EnumSet.of(Role.PROXY), info.roles());
  }

  @Test
  void aNodeInfoWithAnUnknownRoleIsRejected() {
    JsonObject json = new JsonObject().put("nodeId", "n").put("roles", new JsonArray().add("chef"));
    assertEquals("unknown role 'chef'",
      assertThrows(IllegalArgumentException.class, () -> new NodeInfo(json)).getMessage());
  }

  @Test
  void aClusterMemberSurvivesAJsonRoundTrip() {
    ClusterMember member = new ClusterMember("node-a", "127.0.0.1", 5701, true);
    assertEquals(member, new ClusterMember(member.toJson()));
    assertEquals(List.of("nodeId", "host", "port", "local"), List.copyOf(member.toJson().fieldNames()));
  }
}
