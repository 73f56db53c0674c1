package dev.plat.gateway;

import static dev.plat.cluster.testing.RawConnection.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.testing.RawConnection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway port's deadlines and connection cap on the Vert.x path, with 1 s timeouts: a request
 * head sent a byte at a time gets 408 and is closed, an idle kept-alive connection is closed, a
 * connection over the cap gets 503; a response that streams for longer than both timeouts and a
 * request body that trickles in are not cut.
 */
@ExtendWith(VertxExtension.class)
class ConnectionDeadlinesTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final int TICKS = 12;

  private Vertx vertx;
  private Path dataDir;
  private GatewayHarness gateway;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    gateway = start("1", "1", "100");
  }

  private GatewayHarness start(String headerSeconds, String keepAliveSeconds, String maxConnections) {
    GatewayHarness g = GatewayHarness.start(vertx, dataDir.resolve(maxConnections + "-" + keepAliveSeconds), null,
      Map.of(ConfigKey.HEADER_TIMEOUT_SECONDS, headerSeconds, ConfigKey.KEEP_ALIVE_TIMEOUT_SECONDS, keepAliveSeconds,
        ConfigKey.MAX_CONNECTIONS, maxConnections), null, this::function);
    GatewayHarness.await(g.directory.put(new FunctionDirectory.Entry("hello", true, List.of())));
    GatewayHarness.await(g.directory.put(new FunctionDirectory.Entry("slow", true, List.of())));
    GatewayHarness.await(g.directory.put(new FunctionDirectory.Entry("upload", true, List.of())));
    return g;
  }

  /** {@code slow} streams a line every 200 ms, {@link #TICKS} times (longer than both timeouts); {@code upload} counts its body. */
  private void function(HttpServerRequest request, String name, String path, String query) {
    if (name.equals("slow")) {
      request.response().setChunked(true);
      int[] left = {TICKS};
      vertx.setPeriodic(200, id -> {
        request.response().write("tick\n");
        if (--left[0] == 0) {
          vertx.cancelTimer(id);
          request.response().end("done\n");
        }
      });
    } else if (name.equals("upload")) {
      long[] size = {0};
      request.handler(b -> size[0] += b.length());
      request.endHandler(v -> request.response().end("got " + size[0] + "\n"));
    } else {
      request.response().end("invoked " + name + " " + path);
    }
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  @Test
  void aRequestHeadSentAByteAtATimeGets408JsonAndTheConnectionCloses() {
    RawConnection slow = RawConnection.open(vertx, gateway.port).write("GET /function/hello HTTP/1.1\r\nX-Slow: ");
    slow.pace(100, () -> "a");
    await(slow.closed(), BOUND);
    String text = await(slow.text(), BOUND);
    assertTrue(text.startsWith("HTTP/1.1 408 "), text);
    JsonObject body = new JsonObject(text.substring(text.indexOf("\r\n\r\n") + 4));
    assertEquals("request_timeout", body.getString("code"), text);
    assertTrue(gateway.invocations.isEmpty(), gateway.invocations.toString());
  }

  @Test
  void aConnectionThatSendsNothingIsClosedWithoutAWord() {
    RawConnection silent = RawConnection.open(vertx, gateway.port);
    await(silent.closed(), BOUND);
    assertEquals("", await(silent.text(), BOUND));
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterItsAnswer() {
    RawConnection idle = RawConnection.open(vertx, gateway.port).write(get("/function/hello/a"));
    await(idle.received("invoked hello /a", 1), BOUND);
    await(idle.closed(), BOUND);
    String text = await(idle.text(), BOUND);
    assertTrue(text.startsWith("HTTP/1.1 200 "), text);
    assertFalse(text.contains("408"), "an idle connection is closed without an answer: " + text);
  }

  @Test
  void aResponseStreamingLongerThanTheTimeoutsAndATricklingBodyAreNotCut() {
    RawConnection c = RawConnection.open(vertx, gateway.port).write(get("/function/slow"));
    String text = await(c.received("done\n", 1), BOUND);
    assertEquals(TICKS, text.split("tick\n", -1).length - 1, text);
    assertFalse(c.isClosed(), "the connection outlived the streamed response");
    // the same connection, a body of 12 bytes a byte every 200 ms
    c.write("POST /function/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + TICKS + "\r\n\r\n");
    int[] sent = {0};
    c.pace(200, () -> sent[0]++ < TICKS ? "x" : "");
    await(c.received("got " + TICKS + "\n", 1), BOUND);
    c.stopPacing();
    assertEquals(List.of("slow /", "upload /"), gateway.invocations);
    c.close();
  }

  @Test
  void aWebSocketOutlivesBothTimeouts() {
    RawConnection ws = RawConnection.open(vertx, gateway.port).write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + GatewayHarness.ADMIN + "\r\n\r\n");
    await(ws.received("\r\n\r\n", 1), BOUND);
    // masked, empty ping frames every 200 ms; the server answers each with a pong
    int[] sent = {0};
    ws.pace(200, () -> sent[0]++ < TICKS ? "\u0089\u0080\u0000\u0000\u0000\u0000" : "");
    String text = await(ws.received("\u008a\u0000", TICKS), BOUND);
    assertTrue(text.startsWith("HTTP/1.1 101 "), text);
    assertFalse(ws.isClosed());
    ws.close();
  }

  @Test
  void aConnectionOverTheCapGets503JsonAndTheOthersGoOn() {
    GatewayHarness capped = start("60", "60", "2");
    RawConnection first = RawConnection.open(vertx, capped.port).write(get("/function/hello/1"));
    RawConnection second = RawConnection.open(vertx, capped.port).write(get("/function/hello/2"));
    await(first.received("invoked hello /1", 1), BOUND);
    await(second.received("invoked hello /2", 1), BOUND);
    RawConnection third = RawConnection.open(vertx, capped.port).write(get("/function/hello/3"));
    await(third.closed(), BOUND);
    String refused = await(third.text(), BOUND);
    assertTrue(refused.startsWith("HTTP/1.1 503 "), refused);
    assertEquals("too_many_connections",
      new JsonObject(refused.substring(refused.indexOf("\r\n\r\n") + 4)).getString("code"), refused);
    first.write(get("/function/hello/again"));
    await(first.received("invoked hello /again", 1), BOUND);
    assertFalse(capped.invocations.contains("hello /3"), capped.invocations.toString());
    assertEquals(3, capped.invocations.size(), capped.invocations.toString());
    first.close();
    second.close();
  }
}
