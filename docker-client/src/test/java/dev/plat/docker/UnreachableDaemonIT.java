package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** No daemon needed: these point the client where nothing listens. */
@ExtendWith(VertxExtension.class)
class UnreachableDaemonIT {

  /** Well below the connect timeout: a missing socket or a closed port must fail at once. */
  private static final Duration QUICKLY = Duration.ofSeconds(2);

  @Test
  void aSocketPathThatDoesNotExistGivesTheUnreachableErrorQuickly(Vertx vertx) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "it-unreachable"));
    String socket = dir.toAbsolutePath().resolve("no-daemon-here.sock").toString();
    DockerClient docker = DockerClient.create(vertx, new DockerClientOptions().setDockerHost("unix://" + socket).setConnectTimeout(30_000));
    try {
      DockerUnreachableException e = assertThrows(DockerUnreachableException.class, () -> await(docker.ping(), QUICKLY));
      assertEquals("unix://" + socket, e.dockerHost());
      assertTrue(e.getMessage().contains(socket), e.getMessage());
      assertEquals(DockerException.NO_STATUS, e.status());
      assertThrows(DockerUnreachableException.class, () -> await(docker.inspectContainer("x"), QUICKLY));
      assertThrows(DockerUnreachableException.class, () -> await(docker.events(null, ev -> { }), QUICKLY));
    } finally {
      await(docker.close());
    }
  }

  @Test
  void aClosedTcpPortGivesTheUnreachableErrorQuickly(Vertx vertx) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DockerClient docker = DockerClient.create(vertx, new DockerClientOptions().setDockerHost("tcp://127.0.0.1:" + port));
    try {
      DockerUnreachableException e = assertThrows(DockerUnreachableException.class, () -> await(docker.version(), QUICKLY));
      assertTrue(e.getMessage().contains("tcp://127.0.0.1:" + port), e.getMessage());
    } finally {
      await(docker.close());
    }
  }
}
