package dev.plat.node;

import static dev.plat.docker.DockerTestSupport.PYTHON_BASE_IMAGE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's reconciliation at start against the real dockerd: it removes a container labelled as
 * its own instance of a function its registry does not have, and leaves alone the same kind of
 * container labelled for another node, which the engine's label filter must keep out of its view
 * (ReconcileTest checks the plan against a fake engine, whose filter is its own code).
 */
class ReconcileIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path tmp;
  private FunctionDocker docker;
  private NodeProcess node;
  private final List<String> containers = new ArrayList<>();
  private final String nodeId = "e2e-recon-" + E2eNames.fresh().substring(4);

  @BeforeEach
  void requireDocker() {
    docker = FunctionDocker.require();
  }

  @AfterEach
  void cleanUp() {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      for (String id : containers) {
        docker.removeContainer(id);
      }
      docker.close();
    }
  }

  @Test
  void removes_its_own_orphan_and_leaves_another_nodes_container_alone() throws Exception {
    String function = E2eNames.fresh();
    String own = run(function, "own0000001", nodeId);
    String others = run(function, "other00001", nodeId + "-other");

    node = NodeProcess.startHealthy(tmp.resolve("data"), nodeId);

    Poll.untilTrue(WAIT, "the node's own orphan removed and the reconciliation logged",
      () -> docker.find(own).isEmpty() && node.output().contains("node(s) reconciled"), node::output);
    assertTrue(docker.find(others).map(c -> c.state().running()).orElse(false),
      "the container labelled for another node still runs after the reconciliation: " + node.output());
  }

  private String run(String function, String instance, String owner) {
    String id = docker.runLabelled(PYTHON_BASE_IMAGE, Map.of(Names.Label.FUNCTION, function, Names.Label.VERSION, "1",
      Names.Label.INSTANCE, instance, Names.Label.NODE, owner, Names.Label.CONFIG, "000000000000"));
    containers.add(id);
    return id;
  }
}
