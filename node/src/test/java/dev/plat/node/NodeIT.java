package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.testing.ChildJvm;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as a user runs it: a separate JVM started from the command line, serving /health with
 * every role, Docker reachability and the cluster size, and stopping cleanly on SIGTERM.
 */
class NodeIT {
  @TempDir
  Path dataDir;

  @Test
  void serves_health_of_all_roles_and_stops_cleanly_on_sigterm() throws Exception {
    DockerCheck.requireDocker();
    try (NodeProcess node = NodeProcess.start(dataDir, "node-it")) {
      JsonObject health = node.awaitHealthy();
      assertEquals("up", health.getString("status"), health.encodePrettily());
      assertEquals("node-it", health.getString("node"));
      List<String> roles = new ArrayList<>();
      health.getJsonArray("roles").forEach(r -> roles.add(((JsonObject) r).getString("role")));
      assertEquals(List.of("gateway", "controller", "proxy", "builder"), sorted(roles));
      assertTrue(health.getJsonObject("docker").getBoolean("reachable"), health.encodePrettily());
      assertEquals(1, health.getJsonObject("cluster").getInteger("size"));
      // the node's RouteJanitor answers for the cluster: nobody left, the default lease
      assertEquals("up", health.getJsonObject("cluster").getString("status"), health.encodePrettily());
      assertEquals(15, health.getJsonObject("cluster").getInteger("leaseSeconds"));
      assertNotNull(health.getJsonObject("cluster").getBoolean("backupsInSync"), health.encodePrettily());
      node.awaitBackupsInSync();  // alone, nothing to back up (false only while Hazelcast takes over a second to say so)
      node.awaitOutput("node node-it up; roles [gateway, controller, proxy, builder]");

      assertTrue(node.stop(), "node did not stop within 30 s of SIGTERM");
      String output = node.output();
      assertTrue(output.contains("node node-it stopping") && output.contains("node node-it stopped"),
        "exit " + node.process().exitValue() + ":\n" + output);
      assertTrue(!output.contains("uncleanly"), output);
    }
  }

  @Test
  void refuses_a_bad_flag_with_a_clear_message_and_exit_code_2() throws Exception {
    try (ChildJvm node = NodeProcess.startRaw(dataDir.resolve("bad.log"), "--http-port", "not-a-port")) {
      assertTrue(node.process().waitFor(30, TimeUnit.SECONDS));
      assertEquals(2, node.process().exitValue());
      String output = node.output();
      assertTrue(output.contains("httpPort") && output.contains("not-a-port"), output);
    }
  }

  @Test
  void refuses_to_join_a_cluster_without_a_cluster_secret() throws Exception {
    try (ChildJvm node = NodeProcess.startRaw(dataDir.resolve("no-secret.log"), "--data-dir", dataDir.toString(),
        "--cluster-members", "127.0.0.1:5799")) {
      assertTrue(node.process().waitFor(30, TimeUnit.SECONDS));
      assertEquals(2, node.process().exitValue());
      String output = node.output();
      assertTrue(output.contains("clusterSecret must be set when clusterMembers is set"), output);
      assertTrue(!java.nio.file.Files.exists(dataDir.resolve("cluster.secret")), "no secret of its own in a cluster");
    }
  }

  private static List<String> sorted(List<String> roles) {
    List<String> order = List.of("gateway", "controller", "proxy", "builder");
    return roles.stream().sorted((a, b) -> order.indexOf(a) - order.indexOf(b)).toList();
  }
}
