package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.docker.DockerFilters;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on three Docker engines ({@link MultiHostCluster}), started once for the class: they
 * form one cluster, each runs its containers on its own engine, and the data plane crosses nodes.
 */
class MultiHostIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir
  static Path root;
  private static MultiHostCluster hosts;

  @BeforeAll
  static void startThreeNodes() throws Exception {
    hosts = MultiHostCluster.start(root);
  }

  @AfterAll
  static void stop() {
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void theThreeNodesFormOneClusterAndEachIsUp() {
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      int node = i;
      JsonObject health = Poll.until(WAIT, "node " + i + " to see a cluster of 3", () -> {
        JsonObject h = hosts.health(node);
        return h.getJsonObject("cluster").getInteger("size") == 3 ? h : null;
      }, () -> hosts.node(node).output());
      assertEquals("up", health.getString("status"), health.encodePrettily());
      assertEquals(hosts.nodeId(i), health.getString("node"));
      assertTrue(health.getJsonObject("docker").getBoolean("reachable"), health.encodePrettily());
    }
  }

  @Test
  void eachNodeDrivesItsOwnEngine() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      ids.add(dev.plat.docker.DockerTestSupport.await(hosts.engine(i).info()).id());
    }
    assertEquals(3, ids.size(), "three distinct engines: " + ids);
    // the leader (A, the oldest member) keeps the runtime pool on the engine it was given
    Poll.untilTrue(WAIT, "a pool container of the leader on its engine", () ->
      !hosts.containers(0, DockerFilters.create().label(Names.Label.POOL).label(Names.Label.NODE, hosts.nodeId(0))).isEmpty(),
      () -> hosts.node(0).output());
    // and no node's container is on another node's engine
    for (int i = 0; i < MultiHostCluster.SIZE; i++) {
      for (int other = 0; other < MultiHostCluster.SIZE; other++) {
        if (other != i) {
          assertTrue(hosts.containers(other, DockerFilters.create().label(Names.Label.NODE, hosts.nodeId(i))).isEmpty(),
            "no container of node " + i + " on engine " + other);
        }
      }
    }
  }

  @Test
  void aRouteOwnedByOneNodeIsServedThroughEveryGateway() {
    String function = "probe-route";
    try (RouteProbe probe = RouteProbe.join(hosts, root.resolve("probe"))) {
      for (int i = 0; i < MultiHostCluster.SIZE; i++) {
        HttpResponse<String> before = hosts.get(i, "/function/" + function + "/x");
        assertEquals(404, before.statusCode(), "no route and no such function yet on node " + i + ": " + before.body());
      }
      String instance = probe.publish(hosts, 0, function);
      try {
        for (int i = 0; i < MultiHostCluster.SIZE; i++) {
          int node = i;
          // the route reaches each node's replica by Hazelcast: A serves it from its socket,
          // B and C forward to A's proxy port with the cluster secret
          HttpResponse<String> answer = Poll.until(WAIT, "node " + i + " to serve the route", () -> {
            HttpResponse<String> r = hosts.get(node, "/function/" + function + "/x");
            return r.statusCode() == 200 ? r : null;
          }, () -> hosts.node(node).output());
          assertTrue(answer.body().startsWith("probe /") && answer.body().endsWith("/x"), answer.body());
        }
      } finally {
        probe.unpublish(function, instance);
      }
      assertFalse(probe.routes(function).stream().anyMatch(r -> r.instance().equals(instance)));
    }
  }
}
