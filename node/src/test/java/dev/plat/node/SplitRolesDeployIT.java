package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.testing.FreePorts;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy across two node JVMs with split roles and their own data directories, as on two hosts
 * (here on one dockerd; B in a mount namespace of its own where A's data directory is hidden, so
 * it cannot read A's disk; needs {@code unshare --mount}, i.e. root or CAP_SYS_ADMIN): node A runs
 * gateway and proxy, node B controller, builder and proxy (a controller's node serves its instances). The CLI
 * deploys through A; B's builder streams the zip from A's gateway with the cluster secret, the
 * build log streams back through A, the build record reads through A, and the URL printed is A's.
 */
class SplitRolesDeployIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path tmp;
  private static FunctionDocker docker;
  private static NodeProcess gateway;
  private static NodeProcess builder;
  private static String function;

  @BeforeAll
  static void startNodes() throws Exception {
    docker = FunctionDocker.require();
    String cluster = FreePorts.clusterName();
    String secret = UUID.randomUUID().toString();
    // B runs in a mount namespace of its own where A's data directory is an empty folder, as on another host
    Path dataA = Files.createDirectories(tmp.resolve("data-a"));
    List<String> ownMounts = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
      "mount -t tmpfs plat-test-hidden '" + dataA + "' && exec \"$@\"", "sh");
    builder = NodeProcess.startInCluster(ownMounts, tmp.resolve("data-b"), "split-b", cluster, List.of(),
      "--roles", "controller,builder,proxy", "--cluster-secret", secret);
    int builderCluster = builder.ports().getInteger("cluster");
    gateway = NodeProcess.startInCluster(tmp.resolve("data-a"), "split-a", cluster, List.of(),
      "--roles", "gateway,proxy", "--cluster-secret", secret, "--cluster-members", "127.0.0.1:" + builderCluster);
    gateway.ports();
    Poll.untilTrue(WAIT, "the two nodes to form one cluster", () -> {
      PlatApi.Response health = new PlatApi(gateway.url()).get("/health", null);
      return health.status() == 200 && health.json().getJsonObject("cluster").getInteger("size") == 2;
    }, () -> gateway.output() + builder.output());
  }

  @AfterAll
  static void stopNodes() throws Exception {
    try {
      NodeProcess.stopAndRemove(gateway, null, List.of());
    } finally {
      NodeProcess.stopAndRemove(builder, docker, function == null ? List.of() : List.of(function));
    }
  }

  @Test
  void a_deploy_through_the_gateway_node_is_built_on_the_builder_node() throws Exception {
    function = E2eNames.fresh();
    PlatCli cli = PlatCli.against(gateway, tmp.resolve("home"));
    PlatCli.Result init = cli.run(tmp, "init", "--runtime", "python-flask", function);
    assertEquals(0, init.exit(), init::toString);

    PlatCli.Result deploy = cli.run(tmp.resolve(function), "deploy");
    assertEquals(0, deploy.exit(), () -> deploy + "\nnode A:\n" + gateway.output() + "\nnode B:\n" + builder.output());
    assertTrue(deploy.err().contains("Successfully built"), "the build log streams through A:\n" + deploy);
    assertTrue(deploy.out().contains(function + " v1: " + gateway.url() + "/function/" + function),
      "the URL printed is the gateway's:\n" + deploy);

    // the build record reads through A, whichever builder answers
    String buildId = Stream.of(deploy.err().split("\n")).filter(l -> l.contains("(build "))
      .map(l -> l.substring(l.indexOf("(build ") + 7, l.lastIndexOf(')'))).findFirst().orElseThrow();
    PlatApi api = new PlatApi(gateway.url());
    PlatApi.Response build = api.get("/api/builds/" + buildId, NodeProcess.ADMIN_TOKEN);
    assertEquals(200, build.status(), build::toString);
    JsonObject record = build.json();
    assertEquals("succeeded", record.getString("state"), record::encodePrettily);
    assertEquals("split-b", record.getString("node", "split-b"));
    JsonObject status = api.function(function).json();
    assertEquals(gateway.url() + "/function/" + function, status.getString("url"), status::encodePrettily);

    // nothing left behind: not A's upload, not B's copy
    assertEquals(Set.of(), files(tmp.resolve("data-a").resolve("uploads")));
    Poll.untilTrue(WAIT, "B's copy of the zip to be deleted", () -> files(tmp.resolve("data-b").resolve("builds")).stream()
      .noneMatch(f -> f.endsWith(".zip")), () -> tmp.resolve("data-b").resolve("builds").toString());
  }

  private static Set<String> files(Path dir) throws java.io.IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    }
  }
}
