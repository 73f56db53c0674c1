package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.await;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;

/**
 * A {@link FakeDaemon} on a fresh socket and a {@link DockerClient} of it, started and closed
 * together, for the tests of what no real daemon does on demand (a dropped event stream, a stalled
 * log reader, an error after a pull's 200).
 */
final class FakeDocker implements AutoCloseable {
  final FakeDaemon daemon;
  final DockerClient docker;

  private FakeDocker(FakeDaemon daemon, DockerClient docker) {
    this.daemon = daemon;
    this.docker = docker;
  }

  /**
   * A daemon answering every request with {@code handler} on
   * {@code target/it-fake-daemon/<run>/<name>.sock}, and a client of it with {@code options}.
   */
  static FakeDocker start(Vertx vertx, String name, Handler<HttpServerRequest> handler, DockerClientOptions options) {
    FakeDaemon daemon = new FakeDaemon(vertx, Path.of("target", "it-fake-daemon", DockerTestSupport.newRunId(),
      name + ".sock"), handler);
    await(daemon.start());
    return new FakeDocker(daemon, DockerClient.create(vertx, options.setDockerHost(daemon.dockerHost())));
  }

  /** Closes the client, then stops the daemon. */
  @Override
  public void close() {
    try {
      await(docker.close());
    } finally {
      await(daemon.stop());
    }
  }
}
