package dev.plat.cluster;

import dev.plat.cluster.impl.ConfigResolver;
import dev.plat.cluster.impl.SeedVariables;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node's configuration, read once at start-up and immutable. Each {@link ConfigKey} comes from,
 * in increasing precedence: its default, the configuration file ({@code --config FILE} or
 * {@code PLAT_CONFIG}, else {@code plat.yaml} or {@code plat.json} in the data directory), the
 * environment, the command line.
 *
 * <pre>{@code
 * PlatConfig config = PlatConfig.load(args, System.getenv()); // throws ConfigException
 * int port = config.httpPort();
 * }</pre>
 *
 * Loading reads a file: call it before starting Vert.x or off the event loop.
 */
public final class PlatConfig {
  private static final String MASK = "******";

  private final Map<ConfigKey, Object> values;
  private final Map<ConfigKey, String> sources;
  private final List<String> notices;

  private PlatConfig(ConfigResolver.Resolved resolved, List<String> notices) {
    this.values = resolved.values();
    this.sources = resolved.sources();
    this.notices = List.copyOf(notices);
  }

  /**
   * Reads the configuration from command-line flags, the environment, the file and the defaults.
   *
   * @param args the command line: {@code --http-port 8080} or {@code --http-port=8080} for each key
   * @param env  the environment; the only real one is passed by the launcher, tests pass a map
   * @throws ConfigException naming every unknown flag or key, bad value or unreadable file
   */
  public static PlatConfig load(String[] args, Map<String, String> env) {
    return new PlatConfig(ConfigResolver.resolve(args, env), SeedVariables.notices(env));
  }

  /** {@link #load(String[], Map)} with the process environment: the one place that reads it. */
  public static PlatConfig loadFromSystem(String[] args) {
    return load(args, System.getenv());
  }

  /**
   * The defaults overridden by {@code values}, checked the same way, without any file or
   * environment: for tests and tools.
   *
   * @throws ConfigException when a value is bad
   */
  public static PlatConfig of(Map<ConfigKey, String> values) {
    return new PlatConfig(ConfigResolver.resolve(values), List.of());
  }

  /**
   * This configuration with the listen port {@code key} ({@link ValueType#LISTEN_PORT}) set to
   * {@code port}, the one actually bound (source {@code bound}): what a node hands to the parts that
   * advertise its ports when it was started with port 0.
   */
  public PlatConfig withBoundPort(ConfigKey key, int port) {
    if (key.type() != ValueType.LISTEN_PORT || port < 1 || port > 65535) {
      throw new IllegalArgumentException(key.key() + " cannot be bound to " + port);
    }
    Map<ConfigKey, Object> newValues = new java.util.EnumMap<>(values);
    Map<ConfigKey, String> newSources = new java.util.EnumMap<>(sources);
    newValues.put(key, port);
    newSources.put(key, "bound");
    return new PlatConfig(new ConfigResolver.Resolved(java.util.Collections.unmodifiableMap(newValues),
      java.util.Collections.unmodifiableMap(newSources)), notices);
  }

  /**
   * What the person starting the node should know about its environment, one line each, for
   * stderr at start: an environment variable of the platform Plat was seeded from
   * ({@code BUILDER_URL}, {@code CONTROLLER_URL}, {@code PROXY_URL}) that is ignored, and what
   * replaces it. Empty for a configuration made with {@link #of}.
   */
  public List<String> notices() {
    return notices;
  }

  /** The value of {@code key}, typed as its {@link ValueType} says; {@code null} only for an empty optional. */
  public Object get(ConfigKey key) {
    return values.get(key);
  }

  public String getString(ConfigKey key) {
    return (String) values.get(key);
  }

  public int getInt(ConfigKey key) {
    return (Integer) values.get(key);
  }

  /** A {@link ValueType#BYTES} value. */
  public long getLong(ConfigKey key) {
    return ((Number) values.get(key)).longValue();
  }

  public boolean getBoolean(ConfigKey key) {
    return (Boolean) values.get(key);
  }

  public Path getPath(ConfigKey key) {
    return (Path) values.get(key);
  }

  @SuppressWarnings("unchecked")
  public List<String> getList(ConfigKey key) {
    return (List<String>) values.get(key);
  }

  /** Where the value of {@code key} came from: {@code default}, a file path, an env name, a flag or {@code given}. */
  public String source(ConfigKey key) {
    return sources.get(key);
  }

  /** The configuration file that was read, or {@code null} when none was. */
  public Path configFile() {
    return getPath(ConfigKey.CONFIG);
  }

  public Path dataDir() {
    return getPath(ConfigKey.DATA_DIR);
  }

  /** The operator's key file for secrets ({@link ConfigKey#SECRETS_KEY_FILE}); {@code null}: {@code <dataDir>/secrets.key}. */
  public Path secretsKeyFile() {
    return getPath(ConfigKey.SECRETS_KEY_FILE);
  }

  public String nodeId() {
    return getString(ConfigKey.NODE_ID);
  }

  @SuppressWarnings("unchecked")
  public Set<Role> roles() {
    return (Set<Role>) values.get(ConfigKey.ROLES);
  }

  public boolean hasRole(Role role) {
    return roles().contains(role);
  }

  public String httpHost() {
    return getString(ConfigKey.HTTP_HOST);
  }

  public int httpPort() {
    return getInt(ConfigKey.HTTP_PORT);
  }

  public int proxyPort() {
    return getInt(ConfigKey.PROXY_PORT);
  }

  public String clusterHost() {
    return getString(ConfigKey.CLUSTER_HOST);
  }

  public int clusterPort() {
    return getInt(ConfigKey.CLUSTER_PORT);
  }

  /** Members to join, {@code host:port} each; empty for a single-member cluster. */
  public List<String> clusterMembers() {
    return getList(ConfigKey.CLUSTER_MEMBERS);
  }

  public String clusterName() {
    return getString(ConfigKey.CLUSTER_NAME);
  }

  /**
   * The secret nodes prove cluster membership with on each other's proxy ports, or {@code null}
   * when none was configured (see {@link ClusterSecret#resolve}, which fills it in on a single node).
   */
  public String clusterSecret() {
    return getString(ConfigKey.CLUSTER_SECRET);
  }

  /**
   * This configuration with {@code clusterSecret} set to {@code secret} (checked like a configured
   * one), its source being {@code source}.
   *
   * @throws ConfigException when {@code secret} is not a valid secret
   */
  public PlatConfig withClusterSecret(String secret, String source) {
    Map<ConfigKey, Object> changedValues = new java.util.EnumMap<>(values);
    Map<ConfigKey, String> changedSources = new java.util.EnumMap<>(sources);
    try {
      changedValues.put(ConfigKey.CLUSTER_SECRET, ConfigKey.CLUSTER_SECRET.type().parse(secret));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ConfigKey.CLUSTER_SECRET.key() + " must be "
        + ConfigKey.CLUSTER_SECRET.type().requirement() + ", got a hidden value of " + secret.length()
        + " characters (from " + source + ")");
    }
    changedSources.put(ConfigKey.CLUSTER_SECRET, source);
    return new PlatConfig(new ConfigResolver.Resolved(java.util.Collections.unmodifiableMap(changedValues),
      java.util.Collections.unmodifiableMap(changedSources)), notices);
  }

  /** {@link ConfigKey#ROUTE_LEASE_SECONDS}. */
  /** {@link ConfigKey#CLUSTER_SIZE}: the members of the whole cluster; 0 when derived from the member list. */
  public int clusterSize() {
    return getInt(ConfigKey.CLUSTER_SIZE);
  }

  /** Whether this node is one of several (members to join, or a cluster size above 1). */
  public boolean clustered() {
    return !clusterMembers().isEmpty() || clusterSize() > 1;
  }

  public int routeLeaseSeconds() {
    return getInt(ConfigKey.ROUTE_LEASE_SECONDS);
  }

  public String dockerHost() {
    return getString(ConfigKey.DOCKER_HOST);
  }

  public String registry() {
    return getString(ConfigKey.REGISTRY);
  }

  public String authToken() {
    return getString(ConfigKey.AUTH_TOKEN);
  }

  public String baseDomain() {
    return getString(ConfigKey.BASE_DOMAIN);
  }

  public String buildNetwork() {
    return getString(ConfigKey.BUILD_NETWORK);
  }

  /** Largest upload a deploy may send, in bytes (413 above it). */
  public long maxUploadBytes() {
    return getLong(ConfigKey.MAX_UPLOAD_BYTES);
  }

  public Path runtimesDir() {
    return getPath(ConfigKey.RUNTIMES_DIR);
  }

  /** Every key by {@link ConfigKey#key()}; secrets are masked, so it is safe to log or serve. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    for (ConfigKey key : ConfigKey.values()) {
      Object value = values.get(key);
      if (key.type().isSecret()) {
        json.put(key.key(), MASK);
      } else if (value instanceof Collection<?> items) {
        JsonArray array = new JsonArray();
        items.forEach(item -> array.add(item.toString()));
        json.put(key.key(), array);
      } else if (value instanceof Path || value instanceof Enum<?>) {
        json.put(key.key(), value.toString());
      } else {
        json.put(key.key(), value);
      }
    }
    return json;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
