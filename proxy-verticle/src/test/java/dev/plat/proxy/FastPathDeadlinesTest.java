package dev.plat.proxy;

import static dev.plat.cluster.testing.RawConnection.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConnectionGuard;
import dev.plat.cluster.ConnectionLimits;
import dev.plat.cluster.testing.RawConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's {@link ConnectionGuard} (1 s header and keep-alive timeouts) on connections whose
 * invocations the fast path serves: an invocation streaming for longer than both timeouts, a
 * request body trickling in and a pipelined invocation are not cut; the connection idle after its
 * last answer is closed; a head sent a byte at a time gets 408.
 */
class FastPathDeadlinesTest extends ProxyTestBase {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final int TICKS = 12;
  private int guardedPort;
  /** Requests that reached Vert.x's request handler: none of the invocations must. */
  private final AtomicInteger viaVertxHere = new AtomicInteger();

  @BeforeEach
  void startGuardedFront() throws Exception {
    Origin slow = Origin.start(vertx, req -> {
      if (req.path().startsWith("/upload")) {
        long[] size = {0};
        req.handler(b -> size[0] += b.length());
        req.endHandler(v -> req.response().end("got " + size[0] + "\n"));
        return;
      }
      req.response().setChunked(true);
      int[] left = {TICKS};
      vertx.setPeriodic(200, id -> {
        req.response().write("tick\n");
        if (--left[0] == 0) {
          vertx.cancelTimer(id);
          req.response().end("done " + req.path() + "\n");
        }
      });
    }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    route("slow", "i1", slow).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ConnectionLimits limits = new ConnectionLimits(1000, 1000, 100);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
      .requestHandler(req -> {
        viaVertxHere.incrementAndGet();
        req.response().end("api " + req.path());
      })
      .connectionHandler(c -> {
        assertTrue(ConnectionGuard.install(c, limits));
        assertTrue(proxy.serveConnection(c, GATE));
      });
    guardedPort = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
      .actualPort();
  }

  private static String rawGet(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
  }

  private static int count(String text, String part) {
    return text.split(part, -1).length - 1;
  }

  @Test
  void invocationsLongerThanTheTimeoutsAreServedWholeThenTheIdleConnectionCloses() {
    RawConnection c = RawConnection.open(vertx, guardedPort)
      .write(rawGet("/function/slow/a") + rawGet("/function/slow/b"));
    String text = await(c.received("done /b\n", 1), BOUND);
    assertEquals(2 * TICKS, count(text, "tick\n"), text);
    assertTrue(text.indexOf("done /a") < text.indexOf("done /b"), text);
    assertFalse(c.isClosed());
    c.write("POST /function/slow/upload HTTP/1.1\r\nHost: test\r\nContent-Length: " + TICKS + "\r\n\r\n");
    int[] sent = {0};
    c.pace(200, () -> sent[0]++ < TICKS ? "x" : "");
    await(c.received("got " + TICKS + "\n", 1), BOUND);
    c.stopPacing();
    await(c.closed(), BOUND);
    String all = await(c.text(), BOUND);
    assertFalse(all.contains(" 408 "), "the idle connection closes without an answer: " + all);
    assertEquals(0, viaVertxHere.get(), "every invocation was the fast path's");
  }

  @Test
  void aHeadSentAByteAtATimeAfterAnInvocationGets408() {
    RawConnection c = RawConnection.open(vertx, guardedPort).write(rawGet("/function/slow/a"));
    await(c.received("done /a\n", 1), BOUND);
    c.write("GET /function/slow/b HTTP/1.1\r\nX-Slow: ");
    c.pace(100, () -> "a");
    await(c.closed(), BOUND);
    String text = await(c.text(), BOUND);
    assertTrue(text.contains("HTTP/1.1 408 "), text);
    assertTrue(text.endsWith("\"code\":\"request_timeout\"}"), text);
  }
}
