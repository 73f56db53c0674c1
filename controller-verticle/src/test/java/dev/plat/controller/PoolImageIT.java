package dev.plat.controller;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerTestSupport;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's generic image against the real dockerd: its tag ({@code <registry>/plat/pool-<runtime>:latest})
 * is shared by every node on the same Docker engine, and a node built from other runtime files (another
 * Plat version, another checkout) moves it. The pool must go on running the image it built itself: a
 * pool container from the other image has another shim (the WebSocketIT flake: a node shim without
 * the 'upgrade' listener answered a cold-started handshake with a plain 200).
 */
class PoolImageIT {
  private static Vertx vertx;
  private static DockerClient docker;
  private static final List<String> REMOVE = new ArrayList<>();

  @TempDir
  Path tmp;

  @BeforeAll
  static void docker() {
    vertx = Vertx.vertx();
    docker = DockerTestSupport.requireDocker(vertx);
    DockerTestSupport.requireImage(vertx, docker, DockerTestSupport.PYTHON_BASE_IMAGE, Duration.ofMinutes(3));
  }

  @AfterAll
  static void close() {
    if (docker != null) {
      for (String image : REMOVE) {
        try {
          await(DockerTestSupport.ignoreNotFound(docker.removeImage(image, true)));
        } catch (RuntimeException e) {
          System.err.println("cleanup of " + image + " failed: " + e);
        }
      }
      await(docker.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void the_pool_runs_the_image_it_built_after_another_node_moved_the_shared_tag() throws IOException {
    String runtime = "plattest" + DockerTestSupport.newRunId();
    String tag = DockerTestSupport.REGISTRY + "/plat/pool-" + runtime + ":latest";
    REMOVE.add(tag);
    PoolBackend ours = backend(runtime, "this node's runtime files");
    PoolBackend other = backend(runtime, "another node's runtime files");

    String reference = await(ours.runtimeImage(runtime), Duration.ofMinutes(3));
    String built = await(docker.inspectImage(tag)).id();
    REMOVE.add(built);
    assertEquals(built, await(docker.inspectImage(reference)).id(), "the reference names the image just built");

    await(other.runtimeImage(runtime), Duration.ofMinutes(3));  // the other node's build takes the tag
    String theirs = await(docker.inspectImage(tag)).id();
    REMOVE.add(theirs);
    assertNotEquals(built, theirs, "the other build is another image");

    assertEquals(built, await(docker.inspectImage(await(ours.runtimeImage(runtime)))).id(),
      "the pool's next container runs the image this node built, not what the tag names now");
  }

  /** A backend whose runtime folder holds a Dockerfile and a file that says {@code which}. */
  private PoolBackend backend(String runtime, String which) throws IOException {
    Path runtimes = Files.createTempDirectory(tmp, "runtimes");
    Path folder = Files.createDirectories(runtimes.resolve(runtime));
    Files.writeString(folder.resolve("Dockerfile"), "ARG BASE_IMAGE=" + DockerTestSupport.PYTHON_BASE_IMAGE + "\n"
      + "FROM ${BASE_IMAGE}\nCOPY which /opt/which\n");
    Files.writeString(folder.resolve("which"), which + "\n");
    return PoolBackend.docker(vertx, docker, Files.createTempDirectory(tmp, "data"), runtimes, DockerTestSupport.REGISTRY,
      PoolRuntimes.NONE);
  }
}
