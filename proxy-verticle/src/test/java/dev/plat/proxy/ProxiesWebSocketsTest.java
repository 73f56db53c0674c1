package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket invocations: the fast path hands the upgrade to Vert.x, the proxy's {@code Tunnel}
 * (vertx-http-proxy) joins the caller and a fake instance (a Vert.x server on a unix socket) after
 * the instance's 101, frames flow both ways with back-pressure, and the socket holds a slot of the
 * function while it is open.
 */
class ProxiesWebSocketsTest extends ProxyTestBase {
  WebSocketClient ws;

  @Override
  boolean fastPath() {
    return true;
  }

  /** Upgrades are meant to reach Vert.x's request handler: the base class's check does not apply. */
  @Override
  void noInvocationWentThroughVertx() {
  }

  @BeforeEach
  void client() {
    ws = vertx.createWebSocketClient();
  }

  /** An instance that echoes every message back and remembers the handshake it saw. */
  static Future<Origin> echo(io.vertx.core.Vertx vertx) {
    return Origin.start(vertx, req -> {
      if (!req.canUpgradeToWebSocket()) {
        req.response().end("not an upgrade");
        return;
      }
      req.toWebSocket().onSuccess(socket -> socket.handler(socket::write));
    });
  }

  Future<WebSocket> connect(String uri) {
    return onContext(() -> ws.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1").setURI(uri)));
  }

  Future<Buffer> exchange(WebSocket socket, String text) {
    Promise<Buffer> answer = Promise.promise();
    socket.handler(answer::tryComplete);
    socket.writeTextMessage(text);
    return answer.future();
  }

  @Test
  void frames_flow_both_ways_and_the_open_socket_is_in_flight_until_it_closes(VertxTestContext ctx) {
    echo(vertx).compose(origin -> route("chat", "i1", origin).map(origin))
      .compose(origin -> connect("/function/chat/room?x=1").compose(socket -> exchange(socket, "hello")
        .compose(first -> {
          ctx.verify(() -> {
            assertEquals("hello", first.toString());
            assertEquals(1, stats("chat").inFlight(), "an open socket holds a slot of the function");
            HttpServerRequest seen = origin.received.get(0);
            assertEquals("/room?x=1", seen.uri());
            assertNotNull(seen.getHeader(Names.Header.REQUEST_ID));
            assertEquals("127.0.0.1", seen.getHeader(Names.Header.FORWARDED_FOR));
            assertNull(seen.getHeader(Names.Header.CLUSTER_AUTH));
          });
          return exchange(socket, "again");
        })
        .compose(second -> {
          ctx.verify(() -> assertEquals("again", second.toString()));
          return socket.close();
        })))
      .compose(v -> until(() -> stats("chat").inFlight() == 0))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void a_function_that_is_not_running_is_activated_first(VertxTestContext ctx) {
    // the controller: starts the instance and answers with its route
    vertx.eventBus().<JsonObject>consumer(Names.Address.ACTIVATE, msg -> echo(vertx).onSuccess(origin -> {
      Route route = new Route("sleepy", "i1", 1, NODE, origin.socket.toString(), null);
      msg.reply(new JsonObject().put("route", route.toJson()));
    }));
    connect("/function/sleepy/").compose(socket -> exchange(socket, "wake up"))
      .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
        assertEquals("wake up", answer.toString());
        ctx.completeNow();
      })));
  }

  @Test
  void a_refused_upgrade_goes_back_with_the_functions_status(VertxTestContext ctx) {
    Origin.start(vertx, req -> req.response().setStatusCode(403).end("no sockets here"))
      .compose(origin -> route("plain", "i1", origin))
      .compose(v -> connect("/function/plain/"))
      .onComplete(ctx.failing(e -> ctx.verify(() -> {
        assertTrue(e instanceof UpgradeRejectedException, e.toString());
        assertEquals(403, ((UpgradeRejectedException) e).getStatus());
        ctx.completeNow();
      })));
  }

  @Test
  void the_handshake_reaches_the_function_with_the_forwarded_headers_and_without_hop_by_hop_or_internal_ones(
      VertxTestContext ctx) {
    // the X-Forwarded-* rule of the fast path (ForwardedHeaders): every line of the caller's chain kept
    WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1")
      .setURI("/function/headers/").addHeader(Names.Header.FORWARDED_FOR, "1.1.1.1")
      .addHeader(Names.Header.FORWARDED_FOR, "2.2.2.2").addHeader(Names.Header.FORWARDED_PROTO, "https")
      .addHeader("Keep-Alive", "timeout=5").addHeader("Trailer", "X-Sum").addHeader(Names.Header.FORWARDED_BY, "node-x")
      .addHeader(Names.Header.CLUSTER_AUTH, "guess").addHeader(Names.Header.REQUEST_ID, "theirs")
      .addHeader("X-Kept", "1");
    echo(vertx).compose(origin -> route("headers", "i1", origin).map(origin))
      .compose(origin -> onContext(() -> ws.connect(options)).compose(socket -> exchange(socket, "hi"))
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          HttpServerRequest seen = origin.received.get(0);
          assertEquals("1.1.1.1, 2.2.2.2, 127.0.0.1", String.join("|", seen.headers().getAll(Names.Header.FORWARDED_FOR)));
          assertEquals("127.0.0.1:" + port, seen.getHeader(Names.Header.FORWARDED_HOST));
          assertEquals("https", seen.getHeader(Names.Header.FORWARDED_PROTO), "the caller's own is kept");
          assertEquals("1", seen.getHeader("X-Kept"));
          for (String dropped : new String[] {"Keep-Alive", "Trailer", Names.Header.FORWARDED_BY, Names.Header.CLUSTER_AUTH}) {
            assertNull(seen.getHeader(dropped), dropped);
          }
          assertEquals(List.of("theirs"), seen.headers().getAll(Names.Header.REQUEST_ID), "a caller's sane id is kept, once");
          assertEquals("websocket", seen.getHeader("Upgrade"));
          ctx.completeNow();
        }))));
  }

  @Test
  void a_refused_upgrade_comes_back_without_its_hop_by_hop_headers(VertxTestContext ctx) {
    Origin.start(vertx, req -> req.response().setStatusCode(403).putHeader("Keep-Alive", "timeout=5")
        .putHeader("Proxy-Authenticate", "Basic").putHeader("X-Kept", "1").end("no sockets here"))
      .compose(origin -> route("refuses", "i1", origin))
      .compose(v -> connect("/function/refuses/"))
      .onComplete(ctx.failing(e -> ctx.verify(() -> {
        UpgradeRejectedException refused = (UpgradeRejectedException) e;
        assertEquals(403, refused.getStatus());
        assertEquals("1", refused.getHeaders().get("X-Kept"));
        assertNull(refused.getHeaders().get("Keep-Alive"));
        assertNull(refused.getHeaders().get("Proxy-Authenticate"));
        assertNotNull(refused.getHeaders().get(Names.Header.REQUEST_ID));
        ctx.completeNow();
      })));
  }

  @Test
  void an_instance_that_does_not_read_stops_the_caller_instead_of_filling_the_proxy(VertxTestContext ctx) {
    // the instance accepts and reads nothing: what the caller writes must stop at the sockets' buffers.
    // Without back-pressure the proxy takes every byte (its queue to the instance grows) and the caller
    // drains again and again up to the cap; with it the caller's queue stays full: no drain comes,
    // which the test takes as held back after a quiet second (a proxy that buffers drains in microseconds)
    Origin.start(vertx, req -> req.toWebSocket().onSuccess(socket -> socket.pause()))
      .compose(origin -> route("slow", "i1", origin))
      .compose(v -> connect("/function/slow/"))
      .compose(socket -> {
        Promise<Long> held = Promise.promise();
        writeUntilHeld(socket, Buffer.buffer(new byte[64 * 1024]), new AtomicLong(), held);
        return held.future();
      })
      .onComplete(ctx.succeeding(sent -> ctx.verify(() -> {
        assertTrue(sent < CAP, "held back only after " + sent + " bytes");
        ctx.completeNow();
      })));
  }

  private static final long CAP = 128L << 20;

  private void writeUntilHeld(WebSocket socket, Buffer chunk, AtomicLong sent, Promise<Long> held) {
    while (!socket.writeQueueFull() && sent.get() < CAP) {
      socket.writeBinaryMessage(chunk);
      sent.addAndGet(chunk.length());
    }
    if (sent.get() >= CAP) {
      held.tryFail(new AssertionError("the caller wrote " + sent.get() + " bytes to an instance that reads nothing"));
      return;
    }
    long quiet = vertx.setTimer(1_000, id -> held.tryComplete(sent.get()));
    socket.drainHandler(v -> {
      vertx.cancelTimer(quiet);
      writeUntilHeld(socket, chunk, sent, held);
    });
  }
}
