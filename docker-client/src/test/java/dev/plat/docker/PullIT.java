package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.PYTHON_BASE_IMAGE;
import static dev.plat.docker.DockerTestSupport.REGISTRY;
import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pulls on another engine what the main one pushed to the shared registry, as a node that did not
 * build an image does: the main dockerd builds and pushes, an extra dockerd (scripts/ensure-dockerds.sh)
 * pulls by digest and runs nothing else.
 */
@ExtendWith(VertxExtension.class)
class PullIT {

  private final String runId = DockerTestSupport.newRunId();
  private final String repository = REGISTRY + "/plat-test/pull-" + runId;
  private DockerClient main;
  private DockerClient other;
  private String pulled;

  @BeforeEach
  void connect(Vertx vertx) {
    main = DockerTestSupport.requireDocker(vertx);
    DockerTestSupport.requireImage(vertx, main, PYTHON_BASE_IMAGE, Duration.ofMinutes(5));
    other = ExtraDockerds.require(vertx, 1).get(0);
  }

  @AfterEach
  void cleanUp() {
    try {
      if (pulled != null) {
        await(DockerTestSupport.ignoreNotFound(other.removeImage(pulled, true)));
      }
      DockerTestSupport.cleanup(main, runId);
    } finally {
      if (main != null) {
        await(main.close());
      }
      if (other != null) {
        await(other.close());
      }
    }
  }

  private PushResult pushSmallImage(Vertx vertx) {
    BuildResult built = await(main.buildImage(TarContext.dockerfile("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nLABEL pulled=" + runId + "\n")
      .toStream(vertx, 4096), BuildOptions.builder().buildArg("BASE_IMAGE", PYTHON_BASE_IMAGE)
      .labels(DockerTestSupport.testLabels(runId)).build(), null));
    await(main.tagImage(built.imageId(), repository, "1"));
    return await(main.pushImage(repository, "1", null, null), Duration.ofMinutes(3));
  }

  @Test
  void anotherEnginePullsByDigestWhatTheMainOnePushed(Vertx vertx) {
    assertNotEquals(await(main.info()).id(), await(other.info()).id(), "two distinct engines");
    PushResult pushed = pushSmallImage(vertx);
    pulled = pushed.reference();
    assertThrows(DockerNotFoundException.class, () -> await(other.inspectImage(pulled)), "not there before the pull");
    List<PullEvent> events = new CopyOnWriteArrayList<>();

    await(other.pullImage(pulled, null, events::add), Duration.ofMinutes(3));

    ImageInfo image = await(other.inspectImage(pulled));
    assertTrue(image.repoDigests().contains(pulled), image.repoDigests().toString());
    assertEquals(runId, image.labels().get("pulled"));
    assertTrue(events.stream().anyMatch(e -> e.status() != null && e.status().contains(pushed.digest())), events.toString());
    await(other.pullImage(pulled), Duration.ofMinutes(1));
  }

  @Test
  void aDigestTheRegistryDoesNotHaveFailsWithTheDaemonsMessage() {
    String missing = REGISTRY + "/plat-test/pull-" + runId + "-none@sha256:" + "0".repeat(64);

    DockerException e = assertThrows(DockerException.class, () -> await(other.pullImage(missing), Duration.ofMinutes(1)));

    assertTrue(e.getMessage().contains("plat-test/pull-" + runId + "-none"), e.getMessage());
  }

  @Test
  void aMalformedReferenceIsRefusedBeforeAnyCall() {
    assertThrows(IllegalArgumentException.class, () -> await(other.pullImage("bad reference")));
    assertThrows(IllegalArgumentException.class, () -> await(other.pullImage("repo@sha256:xyz")));
  }
}
