package dev.plat.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.node.FunctionDocker;
import dev.plat.node.NodeProcess;
import dev.plat.node.PlatApi;
import dev.plat.node.TestZips;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a deployer may ask for, against a real node: a network the operator did not list (the
 * host's above all, which reached the registry, the gateway and the proxy port on loopback) and
 * numbers past the node's CPUs and memory, past {@code maxInstances} or past what a field holds
 * (4294967312 MiB was stored as 16) are refused with 400 naming the field, before anything is
 * built or stored.
 */
class SpecBoundsIT {
  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess node;
  private static PlatApi api;

  @BeforeAll
  static void startNode() throws Exception {
    docker = FunctionDocker.require();
    node = NodeProcess.startHealthy(tmp.resolve("data"), "e2e-bounds", List.of());
    api = new PlatApi(node.url());
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      node.stop();
    } finally {
      docker.removeAll(List.of("bounds"));
      docker.close();
    }
  }

  @Test
  void the_host_network_another_containers_and_unlisted_networks_are_400() {
    for (String network : List.of("host", "container:plat-gateway", "bridge", "none-of-these")) {
      PlatApi.Response r = deploy(new JsonObject().put("network", network));
      assertEquals(400, r.status(), () -> network + ": " + r);
      assertEquals("bad_network", r.code(), r::toString);
    }
  }

  @Test
  void numbers_past_a_field_or_the_node_are_400_naming_the_field() {
    assertRefused(new JsonObject().put("limits", new JsonObject().put("memoryMb", 4294967312L)), "limits.memoryMb");
    assertRefused(new JsonObject().put("limits", new JsonObject().put("memoryMb", 1L << 40)), "limits.memoryMb");
    assertRefused(new JsonObject().put("scaling", new JsonObject().put("max", 99999999999L)), "scaling.max");
    assertRefused(new JsonObject().put("scaling", new JsonObject().put("max", 100_000)), "scaling.max");
    assertRefused(new JsonObject().put("limits", new JsonObject().put("cpus", 500)), "limits.cpus");
    assertRefused(new JsonObject().put("limits", new JsonObject().put("memoryMb", 128.5)), "limits.memoryMb");
    PlatApi.Response none = api.function("bounds");
    assertEquals(404, none.status(), () -> "nothing was stored: " + none);
  }

  private static void assertRefused(JsonObject extra, String field) {
    PlatApi.Response r = deploy(extra);
    assertEquals(400, r.status(), () -> extra.encode() + ": " + r);
    assertTrue(r.json().getString("error", "").contains(field), () -> "names " + field + ": " + r);
  }

  private static PlatApi.Response deploy(JsonObject extra) {
    JsonObject spec = new JsonObject().put("name", "bounds").put("runtime", "python-flask").mergeIn(extra);
    return api.deploy(spec, TestZips.pythonFunction(), NodeProcess.ADMIN_TOKEN);
  }
}
