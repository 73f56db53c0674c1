package dev.plat.docker;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers for tests that drive the real dockerd. Tests that need Docker fail loudly when
 * {@code PLAT_REQUIRE_DOCKER=1} and are aborted (skipped) otherwise when it is not reachable.
 * Everything a test creates carries {@link #TEST_LABEL}{@code =1} and {@link #RUN_LABEL}{@code =<run id>},
 * so a test removes what it made and nothing of tests running at the same time.
 */
public final class DockerTestSupport {

  /**
   * Environment variable: {@code 1} or {@code true} makes a missing dockerd (or, for the dashboard
   * tests, a missing Chromium) a test failure instead of a skip. Read only by {@link #dockerRequired()}.
   */
  public static final String REQUIRE_DOCKER_ENV = "PLAT_REQUIRE_DOCKER";
  /** Label on everything tests create. */
  public static final String TEST_LABEL = "plat.test";
  /** Label naming one test run, for cleanup. */
  public static final String RUN_LABEL = "plat.test.run";
  /** The runtime base image built by {@code runtimes/base/build.sh}. */
  public static final String PYTHON_BASE_IMAGE = "plat/python-base:bookworm";
  /** The registry started by {@code scripts/ensure-registry.sh}. */
  public static final String REGISTRY = "127.0.0.1:5000";
  /** Default wait of {@link #await(Future)}. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private DockerTestSupport() {
  }

  /** @return {@code true} when {@code PLAT_REQUIRE_DOCKER} is {@code 1} or {@code true}: the one reader of it */
  public static boolean dockerRequired() {
    return dockerRequired(System.getenv(REQUIRE_DOCKER_ENV));
  }

  /** The rule of {@link #dockerRequired()} for {@code value}: {@code 1} or {@code true} (any case). */
  public static boolean dockerRequired(String value) {
    return value != null && (value.strip().equals("1") || value.strip().equalsIgnoreCase("true"));
  }

  /**
   * For a test that cannot run without something of the environment ({@code problem} says what is
   * missing): fails it when {@link #dockerRequired()} (CI), aborts (skips) it otherwise.
   */
  public static void unavailable(String problem) {
    unavailable(dockerRequired(), problem);
  }

  /** A client for the daemon of this environment ({@code DOCKER_HOST} or the local socket), checked with a ping. */
  public static DockerClient requireDocker(Vertx vertx) {
    return requireDocker(vertx, DockerClientOptions.fromEnvironment(System.getenv()));
  }

  /**
   * A client checked with a ping. When the daemon does not answer, fails the test if Docker is
   * required ({@code PLAT_REQUIRE_DOCKER=1}) and aborts it otherwise.
   */
  public static DockerClient requireDocker(Vertx vertx, DockerClientOptions options) {
    return requireDocker(vertx, options, dockerRequired());
  }

  /** {@link #requireDocker(Vertx, DockerClientOptions)} with {@code required} given instead of read from the environment. */
  public static DockerClient requireDocker(Vertx vertx, DockerClientOptions options, boolean required) {
    DockerClient client = DockerClient.create(vertx, options);
    try {
      await(client.ping(), Duration.ofSeconds(10));
      return client;
    } catch (RuntimeException | AssertionError e) {
      client.close();
      unavailable(required, "dockerd is not reachable at " + options.getDockerHost() + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * Waits (polling every second, without blocking an event loop) until {@code image} exists, e.g. a
   * base image still being built; fails or aborts like {@link #requireDocker} when it does not appear.
   */
  public static ImageInfo requireImage(Vertx vertx, DockerClient client, String image, Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    Promise<ImageInfo> found = Promise.promise();
    pollImage(vertx, client, image, deadline, found);
    try {
      return await(found.future(), maxWait.plusSeconds(10));
    } catch (DockerNotFoundException e) {
      unavailable(dockerRequired(), "image " + image + " did not appear within " + maxWait.toSeconds()
        + " s (built by runtimes/base/build.sh): " + e.getMessage());
      return null;
    }
  }

  private static void pollImage(Vertx vertx, DockerClient client, String image, long deadline, Promise<ImageInfo> found) {
    client.inspectImage(image).onComplete(ar -> {
      if (ar.succeeded()) {
        found.complete(ar.result());
      } else if (!(ar.cause() instanceof DockerNotFoundException) || System.nanoTime() > deadline) {
        found.fail(ar.cause());
      } else {
        vertx.setTimer(1000, id -> pollImage(vertx, client, image, deadline, found));
      }
    });
  }

  private static void unavailable(boolean required, String message) {
    if (required) {
      fail(REQUIRE_DOCKER_ENV + "=1 but " + message);
    }
    Assumptions.abort("Skipped: " + message + " (set " + REQUIRE_DOCKER_ENV + "=1 to fail instead)");
  }

  /** @return a fresh id naming one test run */
  public static String newRunId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** @return the labels to put on everything a test run creates */
  public static Map<String, String> testLabels(String runId) {
    return Map.of(TEST_LABEL, "1", RUN_LABEL, runId);
  }

  /** @return filters matching everything a test run created */
  public static DockerFilters runFilters(String runId) {
    return DockerFilters.create().label(TEST_LABEL, "1").label(RUN_LABEL, runId);
  }

  /** Force-removes the containers, then the images, labelled with this run; absent ones are fine. */
  public static Future<Void> removeTestObjects(DockerClient client, String runId) {
    return client.listContainers(true, runFilters(runId))
      .compose(containers -> {
        List<Future<Void>> removals = new ArrayList<>();
        containers.forEach(c -> removals.add(ignoreNotFound(client.removeContainer(c.id(), true))));
        return Future.all(removals);
      })
      .compose(v -> client.listImages(runFilters(runId)))
      .compose(images -> {
        Future<Void> chain = Future.succeededFuture();
        for (ImageSummary image : images) {
          chain = chain.compose(x -> ignoreNotFound(client.removeImage(image.id(), true)));
        }
        return chain;
      });
  }

  /** Blocking {@link #removeTestObjects(DockerClient, String)} for {@code @AfterEach}/{@code @AfterAll}. */
  public static void cleanup(DockerClient client, String runId) {
    if (client != null) {
      await(removeTestObjects(client, runId));
    }
  }

  /** @return {@code future}, succeeding also when it fails with {@link DockerNotFoundException} */
  public static Future<Void> ignoreNotFound(Future<?> future) {
    return future.<Void>mapEmpty().recover(t -> t instanceof DockerNotFoundException ? Future.succeededFuture() : Future.failedFuture(t));
  }

  /** {@link #await(Future, Duration)} with {@link #TIMEOUT}. */
  public static <T> T await(Future<T> future) {
    return await(future, TIMEOUT);
  }

  /**
   * Waits for a future from a test thread (never from an event loop). A failure is rethrown as is
   * when unchecked, so {@code assertThrows(DockerNotFoundException.class, () -> await(...))} works.
   */
  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
