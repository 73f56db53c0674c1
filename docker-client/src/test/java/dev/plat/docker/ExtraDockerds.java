package dev.plat.docker;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

  /**
   * Runs {@code scripts/ensure-dockerds.sh count} when this JVM runs as root and the script is in
   * the checkout, so that {@code mvn -B verify} alone starts the engines it needs, as it finds the
   * main dockerd that {@code ./plat up} started (idempotent: 0.2 s when they run, about 17 s the
   * first time). Without root, or when the script fails, the engines configured are used as they are.
   */
  private static synchronized void ensureStarted(int count) {
    Path script = Stream.of(Path.of("scripts"), Path.of("..", "scripts"))
      .map(dir -> dir.resolve("ensure-dockerds.sh")).filter(Files::isExecutable).findFirst().orElse(null);
    if (script == null || !"root".equals(System.getProperty("user.name"))) {
      return;
    }
    try {
      Process p = new ProcessBuilder(script.toString(), String.valueOf(count)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      System.err.println("could not run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    ensureStarted(count);
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
