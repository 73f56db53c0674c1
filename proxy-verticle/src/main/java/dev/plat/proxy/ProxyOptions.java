package dev.plat.proxy;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import io.vertx.core.json.JsonObject;

/**
 * Settings of the data plane that are the same for every function. Per-function settings
 * (concurrency per instance, timeout) travel with the routes ({@link dev.plat.cluster.Route}).
 */
public class ProxyOptions {
  /** Invocations of one function that may wait for a free instance or a cold start. */
  public static final int DEFAULT_QUEUE_SIZE = 1000;
  /** Longest wait for a cold start before 503. */
  public static final long DEFAULT_ACTIVATION_TIMEOUT_MS = 30_000;
  /** Timeout of an invocation whose route carries none ({@code timeoutSeconds} 0): 60 s, the spec's default. */
  public static final long DEFAULT_TIMEOUT_MS = 60_000;
  /** The {@code Retry-After} of a 429, in seconds. */
  public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
  /** Kept-alive connections to one instance socket, per event loop. */
  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  /** Instances one invocation tries when sockets refuse it before anything was sent. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** How long an upstream whose connection failed is left out of the balancing, the first time ({@code ejectionSeconds}). */
  public static final int DEFAULT_EJECTION_SECONDS = 10;
  /** The longest ejection: the interval doubles with each ejection in a row up to this. */
  public static final int DEFAULT_MAX_EJECTION_SECONDS = 300;
  /** How often in-flight counts are published (when they changed). */
  public static final long DEFAULT_STATS_INTERVAL_MS = 1_000;

  private int queueSize = DEFAULT_QUEUE_SIZE;
  private long activationTimeoutMs = DEFAULT_ACTIVATION_TIMEOUT_MS;
  private long defaultTimeoutMs = DEFAULT_TIMEOUT_MS;
  private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private boolean multiplexedHop = true;
  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private long statsIntervalMs = DEFAULT_STATS_INTERVAL_MS;
  private int ejectionSeconds = DEFAULT_EJECTION_SECONDS;
  private int maxEjectionSeconds = DEFAULT_MAX_EJECTION_SECONDS;

  public ProxyOptions() {
  }

  public ProxyOptions(ProxyOptions other) {
    this(other.toJson());
  }

  public ProxyOptions(JsonObject json) {
    setQueueSize(json.getInteger("queueSize", DEFAULT_QUEUE_SIZE));
    setActivationTimeoutMs(json.getLong("activationTimeoutMs", DEFAULT_ACTIVATION_TIMEOUT_MS));
    setDefaultTimeoutMs(json.getLong("defaultTimeoutMs", DEFAULT_TIMEOUT_MS));
    setRetryAfterSeconds(json.getInteger("retryAfterSeconds", DEFAULT_RETRY_AFTER_SECONDS));
    setMaxConnections(json.getInteger("maxConnections", DEFAULT_MAX_CONNECTIONS));
    setMaxAttempts(json.getInteger("maxAttempts", DEFAULT_MAX_ATTEMPTS));
    setStatsIntervalMs(json.getLong("statsIntervalMs", DEFAULT_STATS_INTERVAL_MS));
    setEjectionSeconds(json.getInteger("ejectionSeconds", DEFAULT_EJECTION_SECONDS));
    setMaxEjectionSeconds(json.getInteger("maxEjectionSeconds", DEFAULT_MAX_EJECTION_SECONDS));
    setMultiplexedHop(json.getBoolean("multiplexedHop", true));
  }

  /**
   * The defaults with {@code activationTimeoutSeconds}, {@code invocationQueue}, {@code ejectionSeconds}
   * and {@code maxEjectionSeconds} from the node's configuration, and {@code multiplexedHop} when
   * {@code fastPath} is on too (the node that serves a hop reads its streams on the fast path).
   */
  public static ProxyOptions from(PlatConfig config) {
    return new ProxyOptions()
      .setActivationTimeoutMs(config.getInt(ConfigKey.ACTIVATION_TIMEOUT_SECONDS) * 1000L)
      .setQueueSize(config.getInt(ConfigKey.INVOCATION_QUEUE))
      .setEjectionSeconds(config.getInt(ConfigKey.EJECTION_SECONDS))
      .setMaxEjectionSeconds(config.getInt(ConfigKey.MAX_EJECTION_SECONDS))
      .setMultiplexedHop(config.getBoolean(ConfigKey.MULTIPLEXED_HOP) && config.getBoolean(ConfigKey.FAST_PATH));
  }

  public JsonObject toJson() {
    return new JsonObject().put("queueSize", queueSize).put("activationTimeoutMs", activationTimeoutMs)
      .put("defaultTimeoutMs", defaultTimeoutMs).put("retryAfterSeconds", retryAfterSeconds)
      .put("maxConnections", maxConnections).put("maxAttempts", maxAttempts).put("statsIntervalMs", statsIntervalMs)
      .put("ejectionSeconds", ejectionSeconds).put("maxEjectionSeconds", maxEjectionSeconds)
      .put("multiplexedHop", multiplexedHop);
  }

  public int getQueueSize() {
    return queueSize;
  }

  /** Invocations of one function that may wait at this proxy (0: none wait, a busy or cold function answers 429). */
  public ProxyOptions setQueueSize(int queueSize) {
    this.queueSize = atLeast("queueSize", queueSize, 0);
    return this;
  }

  public long getActivationTimeoutMs() {
    return activationTimeoutMs;
  }

  /** Longest wait for a cold start; then 503 {@code activation_timeout}. */
  public ProxyOptions setActivationTimeoutMs(long activationTimeoutMs) {
    this.activationTimeoutMs = atLeast("activationTimeoutMs", activationTimeoutMs, 1);
    return this;
  }

  public long getDefaultTimeoutMs() {
    return defaultTimeoutMs;
  }

  /** Timeout of an invocation whose route carries none; then 504 {@code timeout}. */
  public ProxyOptions setDefaultTimeoutMs(long defaultTimeoutMs) {
    this.defaultTimeoutMs = atLeast("defaultTimeoutMs", defaultTimeoutMs, 1);
    return this;
  }

  public int getRetryAfterSeconds() {
    return retryAfterSeconds;
  }

  public ProxyOptions setRetryAfterSeconds(int retryAfterSeconds) {
    this.retryAfterSeconds = atLeast("retryAfterSeconds", retryAfterSeconds, 0);
    return this;
  }

  public int getMaxConnections() {
    return maxConnections;
  }

  /** Kept-alive connections to one instance socket (or node proxy), per event loop. */
  public ProxyOptions setMaxConnections(int maxConnections) {
    this.maxConnections = atLeast("maxConnections", maxConnections, 1);
    return this;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  /** Instances one invocation tries when their sockets refuse it before anything was sent; then 502. */
  public ProxyOptions setMaxAttempts(int maxAttempts) {
    this.maxAttempts = atLeast("maxAttempts", maxAttempts, 1);
    return this;
  }

  public long getStatsIntervalMs() {
    return statsIntervalMs;
  }

  public ProxyOptions setStatsIntervalMs(long statsIntervalMs) {
    this.statsIntervalMs = atLeast("statsIntervalMs", statsIntervalMs, 1);
    return this;
  }

  public int getEjectionSeconds() {
    return ejectionSeconds;
  }

  /**
   * How long an upstream (an instance socket, another node's proxy port) whose connection failed
   * before any response byte is left out of the balancing, the first time; it doubles with each
   * ejection in a row up to {@link #setMaxEjectionSeconds}. An ejected upstream still serves when its
   * function has no other. 0: never eject.
   */
  public ProxyOptions setEjectionSeconds(int ejectionSeconds) {
    this.ejectionSeconds = atLeast("ejectionSeconds", ejectionSeconds, 0);
    return this;
  }

  public int getMaxEjectionSeconds() {
    return maxEjectionSeconds;
  }

  /** The longest ejection (a value under {@link #getEjectionSeconds} counts as it). */
  public ProxyOptions setMaxEjectionSeconds(int maxEjectionSeconds) {
    this.maxEjectionSeconds = atLeast("maxEjectionSeconds", maxEjectionSeconds, 1);
    return this;
  }

  private static <N extends Number> N atLeast(String name, N value, long min) {
    if (value.longValue() < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** Whether requests for another node's instances go as streams of one HTTP/2 connection per event loop and node. */
  public boolean isMultiplexedHop() {
    return multiplexedHop;
  }

  public ProxyOptions setMultiplexedHop(boolean multiplexedHop) {
    this.multiplexedHop = multiplexedHop;
    return this;
  }
}
