package dev.plat.controller;

import io.vertx.core.json.JsonObject;

/**
 * Tunables of the controller's lifecycle. The start timeout comes from the configuration
 * ({@code instanceStartTimeoutSeconds}); the others have fixed defaults that tests shorten.
 */
public class ControllerOptions {
  /** How long an instance may take to answer its health check. */
  public static final long DEFAULT_START_TIMEOUT_MS = 30_000;
  /** Pause between two health checks of a starting instance. */
  public static final long DEFAULT_HEALTH_INTERVAL_MS = 50;
  /** First restart delay after a crash; doubles with every further crash in the window. */
  public static final long DEFAULT_BACKOFF_INITIAL_MS = 1_000;
  /** Longest restart delay. */
  public static final long DEFAULT_BACKOFF_MAX_MS = 30_000;
  /** Crashes within {@link #DEFAULT_CRASH_WINDOW_MS} that make a function {@code failing}. */
  public static final int DEFAULT_CRASH_LOOP_COUNT = 5;
  /** The window crashes are counted in. */
  public static final long DEFAULT_CRASH_WINDOW_MS = 120_000;
  /** Log lines kept from the last crashed instance. */
  public static final int DEFAULT_LOG_LINES = 20;
  /** Seconds between the stop signal and the kill when an instance is stopped. */
  public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 5;
  /** How long a deploy waits for its build to end. */
  public static final long DEFAULT_BUILD_TIMEOUT_MS = 15 * 60_000;
  /** How long the builder may take to accept a build. */
  public static final long DEFAULT_BUILDER_REQUEST_TIMEOUT_MS = 60_000;

  private long startTimeoutMs = DEFAULT_START_TIMEOUT_MS;
  private long healthIntervalMs = DEFAULT_HEALTH_INTERVAL_MS;
  private long backoffInitialMs = DEFAULT_BACKOFF_INITIAL_MS;
  private long backoffMaxMs = DEFAULT_BACKOFF_MAX_MS;
  private int crashLoopCount = DEFAULT_CRASH_LOOP_COUNT;
  private long crashWindowMs = DEFAULT_CRASH_WINDOW_MS;
  private int logLines = DEFAULT_LOG_LINES;
  private int stopTimeoutSeconds = DEFAULT_STOP_TIMEOUT_SECONDS;
  private long buildTimeoutMs = DEFAULT_BUILD_TIMEOUT_MS;
  private long builderRequestTimeoutMs = DEFAULT_BUILDER_REQUEST_TIMEOUT_MS;

  public ControllerOptions() {
  }

  public ControllerOptions(ControllerOptions other) {
    this(other.toJson());
  }

  public ControllerOptions(JsonObject json) {
    setStartTimeoutMs(json.getLong("startTimeoutMs", DEFAULT_START_TIMEOUT_MS));
    setHealthIntervalMs(json.getLong("healthIntervalMs", DEFAULT_HEALTH_INTERVAL_MS));
    setBackoff(json.getLong("backoffInitialMs", DEFAULT_BACKOFF_INITIAL_MS),
      json.getLong("backoffMaxMs", DEFAULT_BACKOFF_MAX_MS));
    setCrashLoop(json.getInteger("crashLoopCount", DEFAULT_CRASH_LOOP_COUNT),
      json.getLong("crashWindowMs", DEFAULT_CRASH_WINDOW_MS));
    setLogLines(json.getInteger("logLines", DEFAULT_LOG_LINES));
    setStopTimeoutSeconds(json.getInteger("stopTimeoutSeconds", DEFAULT_STOP_TIMEOUT_SECONDS));
    setBuildTimeoutMs(json.getLong("buildTimeoutMs", DEFAULT_BUILD_TIMEOUT_MS));
    setBuilderRequestTimeoutMs(json.getLong("builderRequestTimeoutMs", DEFAULT_BUILDER_REQUEST_TIMEOUT_MS));
  }

  public JsonObject toJson() {
    return new JsonObject().put("startTimeoutMs", startTimeoutMs).put("healthIntervalMs", healthIntervalMs)
      .put("backoffInitialMs", backoffInitialMs).put("backoffMaxMs", backoffMaxMs)
      .put("crashLoopCount", crashLoopCount).put("crashWindowMs", crashWindowMs).put("logLines", logLines)
      .put("stopTimeoutSeconds", stopTimeoutSeconds).put("buildTimeoutMs", buildTimeoutMs)
      .put("builderRequestTimeoutMs", builderRequestTimeoutMs);
  }

  public long startTimeoutMs() {
    return startTimeoutMs;
  }

  public ControllerOptions setStartTimeoutMs(long ms) {
    this.startTimeoutMs = positive("startTimeoutMs", ms);
    return this;
  }

  public long healthIntervalMs() {
    return healthIntervalMs;
  }

  public ControllerOptions setHealthIntervalMs(long ms) {
    this.healthIntervalMs = positive("healthIntervalMs", ms);
    return this;
  }

  public long backoffInitialMs() {
    return backoffInitialMs;
  }

  public long backoffMaxMs() {
    return backoffMaxMs;
  }

  /** Restart delays: {@code initialMs}, doubling per crash, at most {@code maxMs}. */
  public ControllerOptions setBackoff(long initialMs, long maxMs) {
    positive("backoffInitialMs", initialMs);
    if (maxMs < initialMs) {
      throw new IllegalArgumentException("backoffMaxMs must be >= backoffInitialMs, got " + maxMs);
    }
    this.backoffInitialMs = initialMs;
    this.backoffMaxMs = maxMs;
    return this;
  }

  public int crashLoopCount() {
    return crashLoopCount;
  }

  public long crashWindowMs() {
    return crashWindowMs;
  }

  /** A function is {@code failing} after {@code count} crashes within {@code windowMs}. */
  public ControllerOptions setCrashLoop(int count, long windowMs) {
    this.crashLoopCount = (int) positive("crashLoopCount", count);
    this.crashWindowMs = positive("crashWindowMs", windowMs);
    return this;
  }

  public int logLines() {
    return logLines;
  }

  public ControllerOptions setLogLines(int lines) {
    this.logLines = (int) positive("logLines", lines);
    return this;
  }

  public int stopTimeoutSeconds() {
    return stopTimeoutSeconds;
  }

  public ControllerOptions setStopTimeoutSeconds(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("stopTimeoutSeconds must be >= 0, got " + seconds);
    }
    this.stopTimeoutSeconds = seconds;
    return this;
  }

  public long buildTimeoutMs() {
    return buildTimeoutMs;
  }

  public ControllerOptions setBuildTimeoutMs(long ms) {
    this.buildTimeoutMs = positive("buildTimeoutMs", ms);
    return this;
  }

  public long builderRequestTimeoutMs() {
    return builderRequestTimeoutMs;
  }

  public ControllerOptions setBuilderRequestTimeoutMs(long ms) {
    this.builderRequestTimeoutMs = positive("builderRequestTimeoutMs", ms);
    return this;
  }

  private static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }
}
