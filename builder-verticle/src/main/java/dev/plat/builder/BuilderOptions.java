package dev.plat.builder;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the builder role validates zips and builds images. Setters reject bad values at once.
 * {@link #from(PlatConfig)} reads the node's configuration.
 */
public class BuilderOptions {
  public static final String DEFAULT_REGISTRY = "127.0.0.1:5000";
  public static final String DEFAULT_BUILD_NETWORK = "none";
  public static final int DEFAULT_MAX_ZIP_ENTRIES = 10_000;
  public static final long DEFAULT_MAX_UNZIPPED_BYTES = 512L << 20;
  public static final int DEFAULT_MAX_ZIP_RATIO = 100;
  public static final int DEFAULT_CONCURRENCY = 2;
  public static final int DEFAULT_QUEUE = 16;
  public static final int DEFAULT_TIMEOUT_SECONDS = 600;
  /** Log lines kept per build; older ones are dropped (they were published when they came). */
  public static final int DEFAULT_LOG_LINES = 2_000;
  /** Finished builds kept for {@code get}; the oldest finished ones are forgotten first. */
  public static final int DEFAULT_KEEP_BUILDS = 200;
  /** Largest zip fetched from another node's gateway: the gateway's {@code maxUploadBytes} (100 MiB). */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 100L << 20;

  private Path runtimesDir = Path.of("runtimes").toAbsolutePath();
  private Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "plat-builds");
  private String registry = DEFAULT_REGISTRY;
  private String buildNetwork = DEFAULT_BUILD_NETWORK;
  private int maxZipEntries = DEFAULT_MAX_ZIP_ENTRIES;
  private long maxUnzippedBytes = DEFAULT_MAX_UNZIPPED_BYTES;
  private int maxZipRatio = DEFAULT_MAX_ZIP_RATIO;
  private int concurrency = DEFAULT_CONCURRENCY;
  private int queue = DEFAULT_QUEUE;
  private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  private int logLines = DEFAULT_LOG_LINES;
  private int keepBuilds = DEFAULT_KEEP_BUILDS;
  private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
  private final Map<String, String> extraLabels = new LinkedHashMap<>();

  public BuilderOptions() {
  }

  public BuilderOptions(BuilderOptions other) {
    this(other.toJson());
  }

  public BuilderOptions(JsonObject json) {
    setRuntimesDir(Path.of(json.getString("runtimesDir", runtimesDir.toString())));
    setWorkDir(Path.of(json.getString("workDir", workDir.toString())));
    setRegistry(json.getString("registry", registry));
    setBuildNetwork(json.getString("buildNetwork", buildNetwork));
    setMaxZipEntries(json.getInteger("maxZipEntries", maxZipEntries));
    setMaxUnzippedBytes(json.getLong("maxUnzippedBytes", maxUnzippedBytes));
    setMaxZipRatio(json.getInteger("maxZipRatio", maxZipRatio));
    setConcurrency(json.getInteger("concurrency", concurrency));
    setQueue(json.getInteger("queue", queue));
    setTimeoutSeconds(json.getInteger("timeoutSeconds", timeoutSeconds));
    setLogLines(json.getInteger("logLines", logLines));
    setKeepBuilds(json.getInteger("keepBuilds", keepBuilds));
    setMaxUploadBytes(json.getLong("maxUploadBytes", maxUploadBytes));
    json.getJsonObject("extraLabels", new JsonObject()).forEach(e -> addLabel(e.getKey(), String.valueOf(e.getValue())));
  }

  /** The options a node's configuration gives; build contexts go to {@code <dataDir>/builds}. */
  public static BuilderOptions from(PlatConfig config) {
    return new BuilderOptions()
      .setRuntimesDir(config.runtimesDir())
      .setWorkDir(config.dataDir().resolve("builds"))
      .setRegistry(config.registry())
      .setBuildNetwork(config.buildNetwork())
      .setMaxZipEntries(config.getInt(ConfigKey.MAX_ZIP_ENTRIES))
      .setMaxUnzippedBytes(config.getLong(ConfigKey.MAX_UNZIPPED_BYTES))
      .setMaxZipRatio(config.getInt(ConfigKey.MAX_ZIP_RATIO))
      .setConcurrency(config.getInt(ConfigKey.BUILD_CONCURRENCY))
      .setQueue(config.getInt(ConfigKey.BUILD_QUEUE))
      .setTimeoutSeconds(config.getInt(ConfigKey.BUILD_TIMEOUT_SECONDS))
      .setMaxUploadBytes(config.maxUploadBytes());
  }

  /** Folder holding one sub-folder per runtime (Dockerfile, runtime.json, shim). */
  public Path getRuntimesDir() { return runtimesDir; }
  /** Folder for build contexts (temporary tar files). */
  public Path getWorkDir() { return workDir; }
  /** Registry images are pushed to, {@code host:port}. */
  public String getRegistry() { return registry; }
  /** Docker network of the RUN steps. */
  public String getBuildNetwork() { return buildNetwork; }
  public int getMaxZipEntries() { return maxZipEntries; }
  public long getMaxUnzippedBytes() { return maxUnzippedBytes; }
  public int getMaxZipRatio() { return maxZipRatio; }
  /** Builds running at once. */
  public int getConcurrency() { return concurrency; }
  /** Builds that may wait for a slot. */
  public int getQueue() { return queue; }
  public int getTimeoutSeconds() { return timeoutSeconds; }
  public int getLogLines() { return logLines; }
  public int getKeepBuilds() { return keepBuilds; }
  /** Largest upload streamed from another node (the limit the gateway enforces on the way in). */
  public long getMaxUploadBytes() { return maxUploadBytes; }
  /** Labels put on every image besides {@code plat.function} and {@code plat.version} (tests add {@code plat.test}). */
  public Map<String, String> getExtraLabels() { return Map.copyOf(extraLabels); }

  public BuilderOptions setRuntimesDir(Path dir) {
    this.runtimesDir = require(dir, "runtimesDir").toAbsolutePath().normalize();
    return this;
  }

  public BuilderOptions setWorkDir(Path dir) {
    this.workDir = require(dir, "workDir").toAbsolutePath().normalize();
    return this;
  }

  public BuilderOptions setRegistry(String registry) {
    if (registry == null || registry.isBlank() || registry.contains("/")) {
      throw new IllegalArgumentException("registry must be host or host:port, got '" + registry + "'");
    }
    this.registry = registry;
    return this;
  }

  public BuilderOptions setBuildNetwork(String network) {
    this.buildNetwork = require(network, "buildNetwork");
    return this;
  }

  public BuilderOptions setMaxZipEntries(int max) { this.maxZipEntries = atLeast(max, 1, "maxZipEntries"); return this; }
  public BuilderOptions setMaxZipRatio(int max) { this.maxZipRatio = atLeast(max, 1, "maxZipRatio"); return this; }
  public BuilderOptions setConcurrency(int n) { this.concurrency = atLeast(n, 1, "buildConcurrency"); return this; }
  public BuilderOptions setQueue(int n) { this.queue = atLeast(n, 0, "buildQueue"); return this; }
  public BuilderOptions setTimeoutSeconds(int s) { this.timeoutSeconds = atLeast(s, 1, "buildTimeoutSeconds"); return this; }
  public BuilderOptions setLogLines(int n) { this.logLines = atLeast(n, 10, "logLines"); return this; }
  public BuilderOptions setKeepBuilds(int n) { this.keepBuilds = atLeast(n, 1, "keepBuilds"); return this; }

  public BuilderOptions setMaxUnzippedBytes(long max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxUnzippedBytes must be >= 1, got " + max);
    }
    this.maxUnzippedBytes = max;
    return this;
  }

  public BuilderOptions setMaxUploadBytes(long max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxUploadBytes must be >= 1, got " + max);
    }
    this.maxUploadBytes = max;
    return this;
  }

  public BuilderOptions addLabel(String key, String value) {
    extraLabels.put(require(key, "label key"), require(value, "label value"));
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("runtimesDir", runtimesDir.toString()).put("workDir", workDir.toString())
      .put("registry", registry).put("buildNetwork", buildNetwork).put("maxZipEntries", maxZipEntries)
      .put("maxUnzippedBytes", maxUnzippedBytes).put("maxZipRatio", maxZipRatio).put("concurrency", concurrency)
      .put("queue", queue).put("timeoutSeconds", timeoutSeconds).put("logLines", logLines)
      .put("keepBuilds", keepBuilds).put("maxUploadBytes", maxUploadBytes).put("extraLabels", new JsonObject(new LinkedHashMap<>(extraLabels)));
  }

  private static <T> T require(T value, String name) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new IllegalArgumentException(name + " must be set");
    }
    return value;
  }

  private static int atLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }
}
