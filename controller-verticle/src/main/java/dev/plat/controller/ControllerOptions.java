package dev.plat.controller;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Tunables of the controller's lifecycle and scaling. The start timeout, pause delay, idle
 * timeout and autoscale target come from the configuration ({@link #from(PlatConfig)}); the others
 * have fixed defaults that tests shorten.
 */
public class ControllerOptions {
  /** How long an instance may take to answer its health check. */
  public static final long DEFAULT_START_TIMEOUT_MS = 30_000;
  /** Pause between two health checks of a starting instance (a check of a socket not there yet fails at once). */
  public static final long DEFAULT_HEALTH_INTERVAL_MS = 10;
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
  /** Longest graceful stop of an instance (its in-flight requests finishing), whatever its timeout. */
  public static final int DEFAULT_MAX_DRAIN_SECONDS = 60;
  /** Between taking a serving instance's route out and its stop signal, so every proxy sees the route gone. */
  public static final long DEFAULT_ROUTE_GRACE_MS = 250;
  /** An instance idle this long is paused; 0 never pauses. */
  public static final long DEFAULT_PAUSE_AFTER_MS = 5_000;
  /** How instances are paused: the cgroup freezer where possible, else the Engine API. */
  public static final PauseMode DEFAULT_PAUSE_MODE = PauseMode.AUTO;
  /** A function idle this long loses its instances down to {@code scaling.min}; 0 never. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 300_000;
  /** In-flight requests per instance the autoscaler aims at (unless the function sets a concurrency). */
  public static final int DEFAULT_AUTOSCALE_TARGET = 10;
  /** Of a function's {@code limits.concurrency}, the share the autoscaler aims at. */
  public static final double CONCURRENCY_UTILIZATION = 0.7;
  /** Between two autoscaling decisions. */
  public static final long DEFAULT_SCALE_INTERVAL_MS = 2_000;
  /** Between two idleness checks (pause, removal). */
  public static final long DEFAULT_IDLE_CHECK_MS = 500;
  /** The window the stable concurrency is averaged over. */
  public static final long DEFAULT_STABLE_WINDOW_MS = 60_000;
  /** The window the burst concurrency is averaged over. */
  public static final long DEFAULT_BURST_WINDOW_MS = 6_000;
  /** Panic (scale up on the burst window, never down) when burst concurrency per instance reaches this times the target. */
  public static final double PANIC_THRESHOLD = 2.0;
  /** A proxy that published no statistics for this long is forgotten (it left or restarted). */
  /**
   * Pre-started pool containers per pooled runtime: 0 (no pool) unless set; {@link #from(PlatConfig)}
   * takes the node's {@code poolSize} (default 1).
   */
  public static final int DEFAULT_POOL_SIZE = 0;
  public static final long DEFAULT_STATS_EXPIRY_MS = 300_000;
  /** Highest {@code scaling.max} a function may ask for. */
  public static final int DEFAULT_MAX_INSTANCES = 20;
  /** Versions kept per function (deploys and rollbacks); older ones drop out. */
  public static final int DEFAULT_VERSIONS_KEPT = 10;
  /** Public URLs are {@code {project}-{service}.{baseDomain}}. */
  public static final String DEFAULT_BASE_DOMAIN = "platform.test";

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
  private int maxDrainSeconds = DEFAULT_MAX_DRAIN_SECONDS;
  private long routeGraceMs = DEFAULT_ROUTE_GRACE_MS;
  private long pauseAfterMs = DEFAULT_PAUSE_AFTER_MS;
  private PauseMode pauseMode = DEFAULT_PAUSE_MODE;
  private long idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
  private int autoscaleTarget = DEFAULT_AUTOSCALE_TARGET;
  private int poolSize = DEFAULT_POOL_SIZE;
  private long scaleIntervalMs = DEFAULT_SCALE_INTERVAL_MS;
  private long idleCheckMs = DEFAULT_IDLE_CHECK_MS;
  private long stableWindowMs = DEFAULT_STABLE_WINDOW_MS;
  private long burstWindowMs = DEFAULT_BURST_WINDOW_MS;
  private long statsExpiryMs = DEFAULT_STATS_EXPIRY_MS;
  private int maxInstances = DEFAULT_MAX_INSTANCES;
  private int versionsKept = DEFAULT_VERSIONS_KEPT;
  private List<String> allowedNetworks = List.of();
  private String baseDomain = DEFAULT_BASE_DOMAIN;
  private List<String> apiHosts = List.of();

  public ControllerOptions() {
  }

  /**
   * The defaults with {@code instanceStartTimeoutSeconds}, {@code pauseAfterSeconds}, {@code pauseMode},
   * {@code idleTimeoutSeconds} and {@code autoscaleTarget} from the node's configuration.
   */
  public static ControllerOptions from(PlatConfig config) {
    return new ControllerOptions()
      .setStartTimeoutMs(config.getInt(ConfigKey.INSTANCE_START_TIMEOUT_SECONDS) * 1000L)
      .setPauseAfterMs(config.getInt(ConfigKey.PAUSE_AFTER_SECONDS) * 1000L)
      .setPauseMode(PauseMode.of(config.getString(ConfigKey.PAUSE_MODE)))
      .setIdleTimeoutMs(config.getInt(ConfigKey.IDLE_TIMEOUT_SECONDS) * 1000L)
      .setAutoscaleTarget(config.getInt(ConfigKey.AUTOSCALE_TARGET))
      .setPoolSize(config.getInt(ConfigKey.POOL_SIZE))
      .setMaxInstances(config.getInt(ConfigKey.MAX_INSTANCES))
      .setVersionsKept(config.getInt(ConfigKey.VERSIONS_KEPT))
      .setAllowedNetworks(config.getList(ConfigKey.ALLOWED_NETWORKS))
      .setBaseDomain(config.baseDomain())
      .setApiHosts(config.getList(ConfigKey.API_HOSTS));
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
    setMaxDrainSeconds(json.getInteger("maxDrainSeconds", DEFAULT_MAX_DRAIN_SECONDS));
    setRouteGraceMs(json.getLong("routeGraceMs", DEFAULT_ROUTE_GRACE_MS));
    setPauseAfterMs(json.getLong("pauseAfterMs", DEFAULT_PAUSE_AFTER_MS));
    setPauseMode(PauseMode.of(json.getString("pauseMode", DEFAULT_PAUSE_MODE.id())));
    setIdleTimeoutMs(json.getLong("idleTimeoutMs", DEFAULT_IDLE_TIMEOUT_MS));
    setAutoscaleTarget(json.getInteger("autoscaleTarget", DEFAULT_AUTOSCALE_TARGET));
    setPoolSize(json.getInteger("poolSize", DEFAULT_POOL_SIZE));
    setScaleIntervals(json.getLong("scaleIntervalMs", DEFAULT_SCALE_INTERVAL_MS),
      json.getLong("idleCheckMs", DEFAULT_IDLE_CHECK_MS));
    setWindows(json.getLong("stableWindowMs", DEFAULT_STABLE_WINDOW_MS),
      json.getLong("burstWindowMs", DEFAULT_BURST_WINDOW_MS));
    setStatsExpiryMs(json.getLong("statsExpiryMs", DEFAULT_STATS_EXPIRY_MS));
    setMaxInstances(json.getInteger("maxInstances", DEFAULT_MAX_INSTANCES));
    setVersionsKept(json.getInteger("versionsKept", DEFAULT_VERSIONS_KEPT));
    JsonArray networks = json.getJsonArray("allowedNetworks");
    setAllowedNetworks(networks == null ? List.of() : networks.stream().map(String::valueOf).toList());
    setBaseDomain(json.getString("baseDomain", DEFAULT_BASE_DOMAIN));
    JsonArray hosts = json.getJsonArray("apiHosts");
    setApiHosts(hosts == null ? List.of() : hosts.stream().map(String::valueOf).toList());
  }

  public JsonObject toJson() {
    return new JsonObject().put("startTimeoutMs", startTimeoutMs).put("healthIntervalMs", healthIntervalMs)
      .put("backoffInitialMs", backoffInitialMs).put("backoffMaxMs", backoffMaxMs)
      .put("crashLoopCount", crashLoopCount).put("crashWindowMs", crashWindowMs).put("logLines", logLines)
      .put("stopTimeoutSeconds", stopTimeoutSeconds).put("buildTimeoutMs", buildTimeoutMs)
      .put("builderRequestTimeoutMs", builderRequestTimeoutMs).put("maxDrainSeconds", maxDrainSeconds)
      .put("routeGraceMs", routeGraceMs).put("pauseAfterMs", pauseAfterMs).put("pauseMode", pauseMode.id()).put("idleTimeoutMs", idleTimeoutMs).put("autoscaleTarget", autoscaleTarget)
      .put("poolSize", poolSize)
      .put("scaleIntervalMs", scaleIntervalMs).put("idleCheckMs", idleCheckMs).put("stableWindowMs", stableWindowMs)
      .put("burstWindowMs", burstWindowMs).put("statsExpiryMs", statsExpiryMs).put("maxInstances", maxInstances)
      .put("versionsKept", versionsKept)
      .put("allowedNetworks", new JsonArray(allowedNetworks)).put("baseDomain", baseDomain)
      .put("apiHosts", new JsonArray(apiHosts));
  }

  public long getStartTimeoutMs() {
    return startTimeoutMs;
  }

  public ControllerOptions setStartTimeoutMs(long ms) {
    this.startTimeoutMs = positive("startTimeoutMs", ms);
    return this;
  }

  public long getHealthIntervalMs() {
    return healthIntervalMs;
  }

  public ControllerOptions setHealthIntervalMs(long ms) {
    this.healthIntervalMs = positive("healthIntervalMs", ms);
    return this;
  }

  public long getBackoffInitialMs() {
    return backoffInitialMs;
  }

  public long getBackoffMaxMs() {
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

  public int getCrashLoopCount() {
    return crashLoopCount;
  }

  public long getCrashWindowMs() {
    return crashWindowMs;
  }

  /** A function is {@code failing} after {@code count} crashes within {@code windowMs}. */
  public ControllerOptions setCrashLoop(int count, long windowMs) {
    this.crashLoopCount = (int) positive("crashLoopCount", count);
    this.crashWindowMs = positive("crashWindowMs", windowMs);
    return this;
  }

  public int getLogLines() {
    return logLines;
  }

  public ControllerOptions setLogLines(int lines) {
    this.logLines = (int) positive("logLines", lines);
    return this;
  }

  public int getStopTimeoutSeconds() {
    return stopTimeoutSeconds;
  }

  public ControllerOptions setStopTimeoutSeconds(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("stopTimeoutSeconds must be >= 0, got " + seconds);
    }
    this.stopTimeoutSeconds = seconds;
    return this;
  }

  public long getBuildTimeoutMs() {
    return buildTimeoutMs;
  }

  public ControllerOptions setBuildTimeoutMs(long ms) {
    this.buildTimeoutMs = positive("buildTimeoutMs", ms);
    return this;
  }

  public long getBuilderRequestTimeoutMs() {
    return builderRequestTimeoutMs;
  }

  public ControllerOptions setBuilderRequestTimeoutMs(long ms) {
    this.builderRequestTimeoutMs = positive("builderRequestTimeoutMs", ms);
    return this;
  }

  public int getMaxDrainSeconds() {
    return maxDrainSeconds;
  }

  /** Longest graceful stop: an instance gets {@code limits.timeoutSeconds} to finish its requests, at most this. */
  public ControllerOptions setMaxDrainSeconds(int seconds) {
    this.maxDrainSeconds = (int) positive("maxDrainSeconds", seconds);
    return this;
  }

  /**
   * Seconds an instance of {@code timeoutSeconds} per request gets between the stop signal and the
   * kill: its timeout, at least {@link #getStopTimeoutSeconds()}, at most {@link #getMaxDrainSeconds()}.
   */
  public int drainSeconds(int timeoutSeconds) {
    return Math.max(stopTimeoutSeconds, Math.min(timeoutSeconds, maxDrainSeconds));
  }

  public long getRouteGraceMs() {
    return routeGraceMs;
  }

  /** Between taking a serving instance's route out and its stop signal; 0 none. */
  public ControllerOptions setRouteGraceMs(long ms) {
    this.routeGraceMs = notNegative("routeGraceMs", ms);
    return this;
  }

  public long getPauseAfterMs() {
    return pauseAfterMs;
  }

  /** An instance idle this long is paused; 0 never pauses. */
  public ControllerOptions setPauseAfterMs(long ms) {
    this.pauseAfterMs = notNegative("pauseAfterMs", ms);
    return this;
  }

  public PauseMode getPauseMode() {
    return pauseMode;
  }

  /** How instances are paused and resumed. */
  public ControllerOptions setPauseMode(PauseMode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("pauseMode must be auto, docker or freezer, got null");
    }
    this.pauseMode = mode;
    return this;
  }

  public long getIdleTimeoutMs() {
    return idleTimeoutMs;
  }

  /** A function idle this long loses its instances down to {@code scaling.min}; 0 never. */
  public ControllerOptions setIdleTimeoutMs(long ms) {
    this.idleTimeoutMs = notNegative("idleTimeoutMs", ms);
    return this;
  }

  public int getAutoscaleTarget() {
    return autoscaleTarget;
  }

  /** In-flight requests per instance the autoscaler aims at. */
  public ControllerOptions setAutoscaleTarget(int target) {
    this.autoscaleTarget = (int) positive("autoscaleTarget", target);
    return this;
  }

  public int getVersionsKept() {
    return versionsKept;
  }

  /** Versions kept per function for rollback; at least 1. */
  public ControllerOptions setVersionsKept(int count) {
    this.versionsKept = (int) positive("versionsKept", count);
    return this;
  }

  public int getPoolSize() {
    return poolSize;
  }

  /** Pre-started generic containers kept per pooled runtime; 0: no pool. */
  public ControllerOptions setPoolSize(int size) {
    this.poolSize = (int) notNegative("poolSize", size);
    return this;
  }

  public long getScaleIntervalMs() {
    return scaleIntervalMs;
  }

  public long getIdleCheckMs() {
    return idleCheckMs;
  }

  /** Every {@code scaleMs} an autoscaling decision, every {@code idleCheckMs} an idleness check. */
  public ControllerOptions setScaleIntervals(long scaleMs, long idleCheckMs) {
    this.scaleIntervalMs = positive("scaleIntervalMs", scaleMs);
    this.idleCheckMs = positive("idleCheckMs", idleCheckMs);
    return this;
  }

  public long getStableWindowMs() {
    return stableWindowMs;
  }

  public long getBurstWindowMs() {
    return burstWindowMs;
  }

  /** The autoscaler's averaging windows; the burst window is the shorter one. */
  public ControllerOptions setWindows(long stableMs, long burstMs) {
    positive("stableWindowMs", stableMs);
    positive("burstWindowMs", burstMs);
    if (burstMs > stableMs) {
      throw new IllegalArgumentException("burstWindowMs must be <= stableWindowMs, got " + burstMs);
    }
    this.stableWindowMs = stableMs;
    this.burstWindowMs = burstMs;
    return this;
  }

  public long getStatsExpiryMs() {
    return statsExpiryMs;
  }

  public ControllerOptions setStatsExpiryMs(long ms) {
    this.statsExpiryMs = positive("statsExpiryMs", ms);
    return this;
  }

  public int getMaxInstances() {
    return maxInstances;
  }

  /** Highest {@code scaling.max} a function may ask for. */
  public ControllerOptions setMaxInstances(int max) {
    this.maxInstances = (int) positive("maxInstances", max);
    return this;
  }

  public List<String> getAllowedNetworks() {
    return allowedNetworks;
  }

  /**
   * Docker networks a function may name (egress); empty: none. {@code host}, {@code none} and
   * {@code container:*} are never allowed: the first two are the host's or no network at all,
   * the last another container's.
   */
  public ControllerOptions setAllowedNetworks(List<String> networks) {
    for (String n : networks) {
      if (n == null || n.isBlank() || n.equals("host") || n.equals("none") || n.startsWith("container:")) {
        throw new IllegalArgumentException("allowedNetworks cannot list '" + n + "'");
      }
    }
    this.allowedNetworks = List.copyOf(networks);
    return this;
  }

  public String getBaseDomain() {
    return baseDomain;
  }

  /** The base domain of public URLs: no function may claim it as a domain. */
  public ControllerOptions setBaseDomain(String domain) {
    if (domain == null || domain.isBlank()) {
      throw new IllegalArgumentException("baseDomain must be a DNS name, got '" + domain + "'");
    }
    this.baseDomain = domain.toLowerCase(java.util.Locale.ROOT);
    return this;
  }

  public List<String> getApiHosts() {
    return apiHosts;
  }

  /** The names the gateways serve their API and dashboard on (setting {@code apiHosts}): no function may claim them. */
  public ControllerOptions setApiHosts(List<String> hosts) {
    this.apiHosts = hosts.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList();
    return this;
  }

  private static long notNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  private static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }
}
