package dev.plat.docker;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The extra Docker engines of the multi-host tests, one per simulated host, started by
 * {@code scripts/ensure-dockerds.sh N}: their unix sockets come from {@value #ENV} (comma separated,
 * set by {@code .ci/run}) or else from the file {@value #DEFAULT_LIST} the script writes.
 */
public final class ExtraDockerds {

  /** Environment variable: the extra engines' socket paths, comma separated. */
  public static final String ENV = "PLAT_TEST_DOCKERDS";
  /** The list {@code scripts/ensure-dockerds.sh} writes, one socket path a line. */
  public static final String DEFAULT_LIST = "/run/plat-test/dockerds";

  private ExtraDockerds() {
  }

  /** @return the extra engines' socket paths, in order (empty when none were started) */
  public static List<String> sockets() {
    String env = System.getenv(ENV);
    List<String> out = new ArrayList<>();
    if (env != null && !env.isBlank()) {
      Arrays.stream(env.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
      return out;
    }
    Path list = Path.of(DEFAULT_LIST);
    if (!Files.isReadable(list)) {
      return out;
    }
    try {
      Files.readAllLines(list).stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return {@code unix://} plus the socket path, as {@code DOCKER_HOST} or {@code --docker-host} take it */
  public static String host(String socket) {
    return "unix://" + socket;
  }

  /**
   * Clients for the first {@code count} extra engines, each checked with a ping. When fewer are
   * configured or one does not answer, fails the test under {@code PLAT_REQUIRE_DOCKER=1} and
   * aborts (skips) it otherwise.
   */
  public static List<DockerClient> require(Vertx vertx, int count) {
    List<String> sockets = sockets();
    if (sockets.size() < count) {
      DockerTestSupport.unavailable(count + " extra dockerds are needed, " + sockets.size()
        + " configured (run scripts/ensure-dockerds.sh " + count + "; " + ENV + " or " + DEFAULT_LIST + ")");
    }
    List<DockerClient> clients = new ArrayList<>();
    for (String socket : sockets.subList(0, count)) {
      clients.add(DockerTestSupport.requireDocker(vertx, new DockerClientOptions().setDockerHost(host(socket))));
    }
    return clients;
  }
}
