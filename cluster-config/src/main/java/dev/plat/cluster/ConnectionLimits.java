package dev.plat.cluster;

/**
 * What the gateway port allows one client connection ({@link ConnectionGuard}) and how many it
 * holds at once.
 *
 * @param headerTimeoutMs    longest time a request head may take to arrive whole (settings
 *                           {@code headerTimeoutSeconds})
 * @param keepAliveTimeoutMs longest idle time between a response's end and the next request's
 *                           first byte ({@code keepAliveTimeoutSeconds})
 * @param maxConnections     most connections open at once on this node's gateway port ({@code maxConnections})
 */
public record ConnectionLimits(long headerTimeoutMs, long keepAliveTimeoutMs, int maxConnections) {
  /** Like Go's {@code ReadHeaderTimeout} as commonly set; nginx's {@code client_header_timeout} is 60 s. */
  public static final long DEFAULT_HEADER_TIMEOUT_MS = 10_000;
  /** nginx's {@code keepalive_timeout}. */
  public static final long DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 75_000;
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final ConnectionLimits DEFAULT = new ConnectionLimits(DEFAULT_HEADER_TIMEOUT_MS,
    DEFAULT_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS);

  public ConnectionLimits {
    if (headerTimeoutMs <= 0 || keepAliveTimeoutMs <= 0 || maxConnections <= 0) {
      throw new IllegalArgumentException("connection limits must be > 0, got header " + headerTimeoutMs
        + " ms, keep-alive " + keepAliveTimeoutMs + " ms, " + maxConnections + " connections");
    }
  }

  /** The limits of {@code config}: {@code headerTimeoutSeconds}, {@code keepAliveTimeoutSeconds}, {@code maxConnections}. */
  public static ConnectionLimits from(PlatConfig config) {
    return new ConnectionLimits(config.getInt(ConfigKey.HEADER_TIMEOUT_SECONDS) * 1000L,
      config.getInt(ConfigKey.KEEP_ALIVE_TIMEOUT_SECONDS) * 1000L, config.getInt(ConfigKey.MAX_CONNECTIONS));
  }
}
