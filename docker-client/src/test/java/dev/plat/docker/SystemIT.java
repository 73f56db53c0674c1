package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SystemIT {

  private DockerClient docker;

  @BeforeEach
  void connect(Vertx vertx) {
    docker = DockerTestSupport.requireDocker(vertx);
  }

  @AfterEach
  void close() {
    if (docker != null) {
      await(docker.close());
    }
  }

  @Test
  void pingsTheDaemonAndReportsItsVersionAndInfo() {
    await(docker.ping());
    DockerVersion version = await(docker.version());
    assertNotNull(version.version());
    assertTrue(version.apiVersion().matches("\\d+\\.\\d+"), version.apiVersion());
    DockerInfo info = await(docker.info());
    assertEquals(version.version(), info.serverVersion());
    assertTrue(info.cpus() > 0 && info.memTotal() > 0, info.toString());
    assertFalse(info.storageDriver().isEmpty());
  }

  @Test
  void negotiatesTheDaemonsApiVersionCappedAtTheHighestKnown() {
    DockerVersion version = await(docker.version());
    String expected = Double.parseDouble(version.apiVersion()) <= Double.parseDouble(DockerClientOptions.MAX_API_VERSION)
      ? version.apiVersion() : DockerClientOptions.MAX_API_VERSION;
    assertEquals(expected, await(docker.apiVersion()));
  }

  @Test
  void usesAFixedApiVersionAsIs(Vertx vertx) {
    DockerClient fixed = DockerClient.create(vertx,
      DockerClientOptions.fromEnvironment(System.getenv()).setApiVersion("1.40"));
    try {
      assertEquals("1.40", await(fixed.apiVersion()));
      assertNotNull(await(fixed.info()).id());
    } finally {
      await(fixed.close());
    }
  }
}
