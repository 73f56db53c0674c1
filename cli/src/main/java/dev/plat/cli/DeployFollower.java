package dev.plat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Follows a deploy after the upload: streams the build log to stderr, reads the build's outcome,
 * then polls the function until the new version is ready. Every wait is bounded by one timeout.
 */
final class DeployFollower {
  /** States in which a deployed version serves requests (paused and scaled-to-zero resume on demand). */
  static final java.util.Set<String> SERVING = java.util.Set.of("ready", "paused", "scaled-to-zero");
  static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private final ApiClient api;
  private final PrintStream err;
  private final long deadline;
  private final Duration timeout;

  DeployFollower(ApiClient api, PrintStream err, Duration timeout) {
    this.api = api;
    this.err = err;
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  /** Prints the build log as it arrives and returns the succeeded build; a failed build throws. */
  JsonNode awaitBuild(String buildId) {
    boolean streamed = printLog(buildId);
    JsonNode build = api.get(ApiPaths.build(buildId));
    while (!isFinished(build)) {
      pause("build " + buildId + " to finish (state: " + build.path("state").asText("?") + ")");
      build = api.get(ApiPaths.build(buildId));
    }
    if ("failed".equals(build.path("state").asText())) {
      if (!streamed && build.hasNonNull("logTail")) {
        err.println(build.get("logTail").asText());
      }
      throw CliException.failed("build " + buildId + " failed: " + build.path("error").asText("no reason given"));
    }
    return build;
  }

  /**
   * Polls the function until {@code version} (or later) is serving (ready, or already paused or
   * scaled to zero by idleness, which the next request resumes); {@code failing} throws. A 404
   * right after the build means the controller has not registered it yet: polling goes on.
   */
  JsonNode awaitReady(String name, long version) {
    JsonNode fn = function(name);
    while (!serves(fn, version)) {
      if (fn != null && "failing".equals(fn.path("state").asText())) {
        throw CliException.failed(name + " v" + version + " is failing: "
          + fn.path("error").asText("its instances do not start") + " (see: plat logs " + name + ")");
      }
      pause(name + " v" + version + (fn == null ? " to be registered"
        : " to be ready (state: " + fn.path("state").asText("?") + ")"));
      fn = function(name);
    }
    return fn;
  }

  /**
   * Whether {@code fn} serves {@code version} (or later): its state says so, and when it lists
   * instances, one of that version is ready or paused. The state alone is not enough: right
   * after registering a version the controller reports it with the state its old instances had
   * until it has looked at them again, and the old version still answers the requests.
   */
  static boolean serves(JsonNode fn, long version) {
    if (fn == null || !SERVING.contains(fn.path("state").asText()) || fn.path("version").asLong(version) < version) {
      return false;
    }
    JsonNode instances = fn.path("instances");
    if (!instances.isArray() || "scaled-to-zero".equals(fn.path("state").asText())) {
      return true;
    }
    for (JsonNode instance : instances) {
      String state = instance.path("state").asText();
      if (instance.path("version").asLong(version) >= version && ("ready".equals(state) || "paused".equals(state))) {
        return true;
      }
    }
    return false;
  }

  /** The function's status, or null while it is not registered (404). */
  private JsonNode function(String name) {
    try {
      return api.get(ApiPaths.function(name));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  private static boolean isFinished(JsonNode build) {
    String state = build.path("state").asText();
    return "succeeded".equals(state) || "failed".equals(state);
  }

  /** Copies the build log to stderr; false when the server has no log to stream. */
  private boolean printLog(String buildId) {
    try (InputStream log = api.stream(ApiPaths.buildLogs(buildId))) {
      byte[] buf = new byte[8192];
      for (int n; (n = log.read(buf)) >= 0; ) {
        err.write(buf, 0, n);
        err.flush();
      }
      return true;
    } catch (ApiException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    } catch (IOException e) {
      err.println("(build log interrupted: " + e.getMessage() + ")");
      return false;
    }
  }

  private void pause(String waitingFor) {
    if (System.nanoTime() + POLL_INTERVAL.toNanos() > deadline) {
      throw CliException.failed("timed out after " + timeout.toSeconds() + " s waiting for " + waitingFor);
    }
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted while waiting for " + waitingFor);
    }
  }
}
