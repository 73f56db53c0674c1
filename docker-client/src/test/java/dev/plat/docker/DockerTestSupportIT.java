package dev.plat.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The helper other modules' Docker tests start with: loud failure when Docker is required, skip otherwise. */
@ExtendWith(VertxExtension.class)
class DockerTestSupportIT {

  private static DockerClientOptions nowhere() {
    return new DockerClientOptions().setDockerHost("unix://" + Path.of("target", "no-dockerd.sock").toAbsolutePath());
  }

  @Test
  void requireDockerFailsTheTestWithAClearMessageWhenDockerIsRequiredAndUnreachable(Vertx vertx) {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
      () -> DockerTestSupport.requireDocker(vertx, nowhere(), true));
    assertTrue(e.getMessage().startsWith("PLAT_REQUIRE_DOCKER=1 but dockerd is not reachable at unix://"), e.getMessage());
    assertTrue(e.getMessage().contains("no-dockerd.sock"), e.getMessage());
  }

  @Test
  void requireDockerAbortsTheTestWhenDockerIsOptionalAndUnreachable(Vertx vertx) {
    TestAbortedException e = assertThrows(TestAbortedException.class,
      () -> DockerTestSupport.requireDocker(vertx, nowhere(), false));
    assertTrue(e.getMessage().contains("set PLAT_REQUIRE_DOCKER=1 to fail instead"), e.getMessage());
  }

  @Test
  void dockerIsRequiredByOneOrTrue() {
    for (String yes : new String[] {"1", "true", "TRUE", " true "}) {
      assertTrue(DockerTestSupport.dockerRequired(yes), yes);
    }
    for (String no : new String[] {null, "", "0", "false", "yes"}) {
      assertFalse(DockerTestSupport.dockerRequired(no), String.valueOf(no));
    }
  }

  @Test
  void tarContextsHoldTheirFiles(Vertx vertx) {
    var tar = TarContext.dockerfile("FROM scratch\n").file("a/b.txt", "hi").toBuffer();
    assertTrue(tar.length() % 512 == 0 && tar.toString().contains("a/b.txt") && tar.toString().contains("FROM scratch"));
  }
}
