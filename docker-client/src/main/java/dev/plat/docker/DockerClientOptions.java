package dev.plat.docker;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options of a {@link DockerClient}. Setters reject bad values at once with an
 * {@link IllegalArgumentException}; all durations are milliseconds.
 */
public class DockerClientOptions {

  /** The daemon address used when none is set: the local unix socket. */
  public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
  /** No fixed API version: it is negotiated from {@code GET /version}. */
  public static final String DEFAULT_API_VERSION = null;
  /** The highest API version a negotiation settles on (the daemon's own version when lower). */
  public static final String MAX_API_VERSION = "1.43";
  /** Time allowed to obtain a connection to the daemon. */
  public static final int DEFAULT_CONNECT_TIMEOUT = 5_000;
  /** Idle time after which a non-streaming call fails; {@code 0} waits forever. */
  public static final long DEFAULT_REQUEST_TIMEOUT = 60_000;
  /** Connections kept to the daemon; every followed log or event stream holds one. */
  public static final int DEFAULT_MAX_POOL_SIZE = 32;
  /** First delay before an event stream that dropped is opened again. */
  public static final long DEFAULT_EVENTS_RECONNECT_INITIAL_DELAY = 100;
  /** Longest delay between two attempts to open an event stream again (the delay doubles up to it). */
  public static final long DEFAULT_EVENTS_RECONNECT_MAX_DELAY = 5_000;
  /** Lines of build output kept for a {@link BuildFailedException}. */
  public static final int DEFAULT_BUILD_LOG_TAIL_LINES = 20;

  private static final Pattern API_VERSION = Pattern.compile("\\d+\\.\\d+");

  private String dockerHost = DEFAULT_DOCKER_HOST;
  private String apiVersion = DEFAULT_API_VERSION;
  private int connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private long requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
  private long eventsReconnectInitialDelay = DEFAULT_EVENTS_RECONNECT_INITIAL_DELAY;
  private long eventsReconnectMaxDelay = DEFAULT_EVENTS_RECONNECT_MAX_DELAY;
  private int buildLogTailLines = DEFAULT_BUILD_LOG_TAIL_LINES;

  /** Default options. */
  public DockerClientOptions() {
  }

  /** Copy constructor. */
  public DockerClientOptions(DockerClientOptions other) {
    this(other.toJson());
  }

  /** Options from their JSON form (see {@link #toJson()}); absent keys keep their default. */
  public DockerClientOptions(JsonObject json) {
    setDockerHost(json.getString("dockerHost", DEFAULT_DOCKER_HOST));
    setApiVersion(json.getString("apiVersion", DEFAULT_API_VERSION));
    setConnectTimeout(json.getInteger("connectTimeout", DEFAULT_CONNECT_TIMEOUT));
    setRequestTimeout(json.getLong("requestTimeout", DEFAULT_REQUEST_TIMEOUT));
    setMaxPoolSize(json.getInteger("maxPoolSize", DEFAULT_MAX_POOL_SIZE));
    setEventsReconnectDelays(
      json.getLong("eventsReconnectInitialDelay", DEFAULT_EVENTS_RECONNECT_INITIAL_DELAY),
      json.getLong("eventsReconnectMaxDelay", DEFAULT_EVENTS_RECONNECT_MAX_DELAY));
    setBuildLogTailLines(json.getInteger("buildLogTailLines", DEFAULT_BUILD_LOG_TAIL_LINES));
  }

  /**
   * Options from an environment: {@code DOCKER_HOST} ({@code unix://} or {@code tcp://}) and
   * {@code DOCKER_API_VERSION} when set and not blank, defaults otherwise.
   *
   * @param env the environment, e.g. {@code System.getenv()} at start-up or a map in tests
   * @throws IllegalArgumentException naming the variable when a value is invalid
   */
  public static DockerClientOptions fromEnvironment(Map<String, String> env) {
    DockerClientOptions options = new DockerClientOptions();
    String host = env.get("DOCKER_HOST");
    if (host != null && !host.isBlank()) {
      try {
        options.setDockerHost(host);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("DOCKER_HOST: " + e.getMessage(), e);
      }
    }
    String version = env.get("DOCKER_API_VERSION");
    if (version != null && !version.isBlank()) {
      try {
        options.setApiVersion(version.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("DOCKER_API_VERSION: " + e.getMessage(), e);
      }
    }
    return options;
  }

  /** @return the JSON form, readable by {@link #DockerClientOptions(JsonObject)} */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("dockerHost", dockerHost)
      .put("connectTimeout", connectTimeout)
      .put("requestTimeout", requestTimeout)
      .put("maxPoolSize", maxPoolSize)
      .put("eventsReconnectInitialDelay", eventsReconnectInitialDelay)
      .put("eventsReconnectMaxDelay", eventsReconnectMaxDelay)
      .put("buildLogTailLines", buildLogTailLines);
    if (apiVersion != null) {
      json.put("apiVersion", apiVersion);
    }
    return json;
  }

  /** @return the daemon address, {@code unix:///path} or {@code tcp://host:port} */
  public String getDockerHost() {
    return dockerHost;
  }

  /** @param dockerHost {@code unix:///absolute/path} or {@code tcp://host:port} */
  public DockerClientOptions setDockerHost(String dockerHost) {
    this.dockerHost = DockerHost.parse(Objects.requireNonNull(dockerHost, "dockerHost")).uri();
    return this;
  }

  /** @return the parsed daemon address */
  public DockerHost dockerHostAddress() {
    return DockerHost.parse(dockerHost);
  }

  /** @return the fixed API version, or {@code null} when it is negotiated */
  public String getApiVersion() {
    return apiVersion;
  }

  /** @param apiVersion a version such as {@code 1.41}, or {@code null} to negotiate it */
  public DockerClientOptions setApiVersion(String apiVersion) {
    if (apiVersion != null && !API_VERSION.matcher(apiVersion).matches()) {
      throw new IllegalArgumentException("apiVersion must look like 1.41, got '" + apiVersion + "'");
    }
    this.apiVersion = apiVersion;
    return this;
  }

  /** @return the connect timeout in ms */
  public int getConnectTimeout() {
    return connectTimeout;
  }

  /** @param connectTimeout time allowed to obtain a connection, ms, &gt; 0 */
  public DockerClientOptions setConnectTimeout(int connectTimeout) {
    this.connectTimeout = (int) positive("connectTimeout", connectTimeout);
    return this;
  }

  /** @return the idle timeout of non-streaming calls in ms, {@code 0} for none */
  public long getRequestTimeout() {
    return requestTimeout;
  }

  /** @param requestTimeout idle time after which a non-streaming call fails, ms, &gt;= 0 (0: none) */
  public DockerClientOptions setRequestTimeout(long requestTimeout) {
    if (requestTimeout < 0) {
      throw new IllegalArgumentException("requestTimeout must be >= 0, got " + requestTimeout);
    }
    this.requestTimeout = requestTimeout;
    return this;
  }

  /** @return the connection pool size */
  public int getMaxPoolSize() {
    return maxPoolSize;
  }

  /** @param maxPoolSize connections kept to the daemon, &gt; 0 */
  public DockerClientOptions setMaxPoolSize(int maxPoolSize) {
    this.maxPoolSize = (int) positive("maxPoolSize", maxPoolSize);
    return this;
  }

  /**
   * Sets both reconnect delays of event streams at once.
   *
   * @param initialDelay first delay, ms, &gt; 0
   * @param maxDelay longest delay, ms, &gt;= {@code initialDelay}
   */
  public DockerClientOptions setEventsReconnectDelays(long initialDelay, long maxDelay) {
    positive("eventsReconnectInitialDelay", initialDelay);
    positive("eventsReconnectMaxDelay", maxDelay);
    if (initialDelay > maxDelay) {
      throw new IllegalArgumentException("eventsReconnectInitialDelay (" + initialDelay
        + ") must not exceed eventsReconnectMaxDelay (" + maxDelay + ")");
    }
    this.eventsReconnectInitialDelay = initialDelay;
    this.eventsReconnectMaxDelay = maxDelay;
    return this;
  }

  /** @return the first reconnect delay of event streams, ms */
  public long getEventsReconnectInitialDelay() {
    return eventsReconnectInitialDelay;
  }

  /** @param delay first reconnect delay of event streams, ms, &gt; 0 and &lt;= the max delay */
  public DockerClientOptions setEventsReconnectInitialDelay(long delay) {
    return setEventsReconnectDelays(delay, eventsReconnectMaxDelay);
  }

  /** @return the longest reconnect delay of event streams, ms */
  public long getEventsReconnectMaxDelay() {
    return eventsReconnectMaxDelay;
  }

  /** @param delay longest reconnect delay of event streams, ms, &gt;= the initial delay */
  public DockerClientOptions setEventsReconnectMaxDelay(long delay) {
    return setEventsReconnectDelays(eventsReconnectInitialDelay, delay);
  }

  /** @return the lines of build output kept for a failed build */
  public int getBuildLogTailLines() {
    return buildLogTailLines;
  }

  /** @param lines lines of build output kept for a failed build, &gt; 0 */
  public DockerClientOptions setBuildLogTailLines(int lines) {
    this.buildLogTailLines = (int) positive("buildLogTailLines", lines);
    return this;
  }

  @Override
  public String toString() {
    return "DockerClientOptions" + toJson().encode();
  }

  private static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }
}
