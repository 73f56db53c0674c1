package dev.plat.docker;

import io.vertx.core.net.SocketAddress;
import java.util.Objects;

/**
 * Where the daemon listens, parsed from a {@code DOCKER_HOST} value: {@code unix:///absolute/path}
 * or {@code tcp://host:port} (plain HTTP; TLS is not supported).
 *
 * @param uri the value as given
 * @param socketPath the unix socket path, or {@code null} for tcp
 * @param host the tcp host, or {@code null} for a unix socket
 * @param port the tcp port, or {@code 0} for a unix socket
 */
public record DockerHost(String uri, String socketPath, String host, int port) {

  /**
   * Parses a {@code DOCKER_HOST} value.
   *
   * @throws IllegalArgumentException with a message naming the value when it is not a supported address
   */
  public static DockerHost parse(String value) {
    Objects.requireNonNull(value, "docker host");
    String v = value.trim();
    if (v.startsWith("unix://")) {
      String path = v.substring("unix://".length());
      if (!path.startsWith("/") || path.length() < 2) {
        throw invalid(value, "a unix socket needs an absolute path, e.g. unix:///var/run/docker.sock");
      }
      return new DockerHost(v, path, null, 0);
    }
    if (v.startsWith("tcp://")) {
      String rest = v.substring("tcp://".length());
      if (rest.endsWith("/")) {
        rest = rest.substring(0, rest.length() - 1);
      }
      int colon = rest.lastIndexOf(':');
      if (colon <= 0 || colon == rest.length() - 1) {
        throw invalid(value, "expected tcp://host:port");
      }
      String host = rest.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw invalid(value, "the port is not a number");
      }
      if (port < 1 || port > 65535 || host.isEmpty() || host.contains("/")) {
        throw invalid(value, "expected tcp://host:port with a port in 1..65535");
      }
      return new DockerHost(v, null, host, port);
    }
    throw invalid(value, "supported schemes are unix:// and tcp://");
  }

  /** @return {@code true} for a unix socket address */
  public boolean isUnixSocket() {
    return socketPath != null;
  }

  /** @return the address to connect to */
  public SocketAddress socketAddress() {
    return isUnixSocket() ? SocketAddress.domainSocketAddress(socketPath) : SocketAddress.inetSocketAddress(port, host);
  }

  @Override
  public String toString() {
    return uri;
  }

  private static IllegalArgumentException invalid(String value, String why) {
    return new IllegalArgumentException("Invalid Docker host '" + value + "': " + why);
  }
}
