package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health probe and the pool's specialize call talk to the instance's own process only: an
 * instance folder whose {@code fn.sock} is a link to another server's socket (dockerd's, here a
 * stand-in in this JVM, which is in no such container) never answers healthy and is never sent a
 * request. Runs on the native epoll transport, as a node does.
 */
class InstanceSocketPeerTest {
  private static final String CONTAINER = "4f1c9a0e2b7d8c6a5e3f1b0d9c8a7e6f5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a";

  @TempDir
  Path dir;
  private Vertx vertx;
  private final AtomicInteger served = new AtomicInteger();
  private String linked;

  @BeforeEach
  void aSocketLinkedToAnotherServer() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    assertTrue(vertx.isNativeTransportEnabled(), "the native epoll transport is needed");
    Path real = dir.resolve("docker.sock");
    await(vertx.createHttpServer().requestHandler(req -> {
      served.incrementAndGet();
      req.response().end("OK");
    }).listen(SocketAddress.domainSocketAddress(real.toString())));
    Path folder = Files.createDirectories(dir.resolve("sockets").resolve("i1"));
    linked = Files.createSymbolicLink(folder.resolve("fn.sock"), real).toString();
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  void theHealthProbeNeverCountsAnAnswerFromAnotherProcess() {
    UnixSocketHealthProbe probe = new UnixSocketHealthProbe(vertx, 20);
    ExecutionException failed = assertThrows(ExecutionException.class,
      () -> await(probe.awaitReady(linked, CONTAINER, 300, () -> true)));
    assertTrue(failed.getCause().getMessage().contains("is not in container " + CONTAINER), failed.getCause().getMessage());
    assertEquals(0, served.get(), "requests that reached the other server");
  }

  @Test
  void specializeIsNeverSentToAnotherProcess() {
    DockerPoolBackend backend = new DockerPoolBackend(vertx, null, dir, dir, "127.0.0.1:5000",
      dev.plat.controller.PoolRuntimes.NONE);
    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(backend.specialize(linked, CONTAINER)));
    assertTrue(failed.getCause().getMessage().contains("is not in container " + CONTAINER), failed.getCause().getMessage());
    assertEquals(0, served.get(), "requests that reached the other server");
  }

  @Test
  void readsAnAnswerByItsContentLengthOrToTheClose() {
    Buffer head = Buffer.buffer("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 11\r\n\r\nSyntaxE");
    assertNull(InstanceSocketClient.parse(head, false), "7 of 11 bytes");
    assertEquals(new InstanceSocketClient.Answer(500, "SyntaxError"),
      InstanceSocketClient.parse(head.copy().appendString("rror"), false));
    assertEquals(new InstanceSocketClient.Answer(200, "ok"),
      InstanceSocketClient.parse(Buffer.buffer("HTTP/1.0 200 OK\r\n\r\nok"), true));
    assertNull(InstanceSocketClient.parse(Buffer.buffer("SSH-2.0-OpenSSH\r\n\r\n"), true));
    assertNull(InstanceSocketClient.parse(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"), true));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
