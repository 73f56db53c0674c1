package dev.plat.docker.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.docker.DockerConflictException;
import dev.plat.docker.DockerException;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.DockerUnreachableException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {

  @Test
  void notFoundCarriesTheDaemonsMessage() {
    DockerException e = DockerErrors.fromStatus(404, Buffer.buffer("{\"message\":\"No such container: nope\"}"));
    assertInstanceOf(DockerNotFoundException.class, e);
    assertEquals(404, e.status());
    assertEquals("No such container: nope", e.getMessage());
  }

  @Test
  void conflictIsItsOwnType() {
    DockerException e = DockerErrors.fromStatus(409, Buffer.buffer("{\"message\":\"Conflict. The container name \\\"/x\\\" is already in use\"}"));
    assertInstanceOf(DockerConflictException.class, e);
    assertEquals(409, e.status());
    assertTrue(e.getMessage().contains("already in use"));
  }

  @Test
  void otherStatusesKeepTheirStatusAndTextBodies() {
    DockerException e = DockerErrors.fromStatus(500, Buffer.buffer("plain failure\n"));
    assertEquals(DockerException.class, e.getClass());
    assertEquals(500, e.status());
    assertEquals("plain failure", e.getMessage());
    assertEquals("HTTP 400", DockerErrors.fromStatus(400, Buffer.buffer()).getMessage());
    assertEquals("HTTP 503", DockerErrors.fromStatus(503, null).getMessage());
  }

  @Test
  void aFailedConnectionMeansTheDaemonIsUnreachable() {
    DockerException e = DockerErrors.connectFailure(new ConnectException("No such file or directory"), "unix:///nope.sock");
    assertInstanceOf(DockerUnreachableException.class, e);
    assertEquals(DockerException.NO_STATUS, e.status());
    assertTrue(e.getMessage().contains("unix:///nope.sock") && e.getMessage().contains("No such file"), e.getMessage());
  }

  @Test
  void aConnectionClosedBeforeTheAnswerMeansTheDaemonIsUnreachable() {
    assertInstanceOf(DockerUnreachableException.class, DockerErrors.fromThrowable(new HttpClosedException("Connection was closed"), "unix:///d.sock"));
  }

  @Test
  void aTimeoutSaysTheDaemonDidNotAnswerInTime() {
    DockerException e = DockerErrors.fromThrowable(new TimeoutException("idle 100 ms"), "unix:///d.sock");
    assertEquals(DockerException.class, e.getClass());
    assertTrue(e.getMessage().contains("did not answer in time"));
  }

  @Test
  void aDockerExceptionIsKeptAsIs() {
    DockerException original = new DockerNotFoundException("gone");
    assertSame(original, DockerErrors.fromThrowable(original, "x"));
    assertSame(original, DockerErrors.connectFailure(original, "x"));
  }
}
