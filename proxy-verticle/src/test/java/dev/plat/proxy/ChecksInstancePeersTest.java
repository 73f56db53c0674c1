package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Route;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every new connection to an instance's socket is checked before a byte is sent: the process at
 * its other end must be in the route's container (native epoll transport, as on a node). Here the
 * socket is served by this JVM, which is in no such container, as dockerd's socket behind a link
 * would be: 502 {@code instance_unverified}, nothing sent. Routes without a container are not checked.
 */
class ChecksInstancePeersTest extends ProxyTestBase {

  @Override
  ProxyOptions options() {
    // a request no instance could take waits this long for the routes to change, then answers 502
    return new ProxyOptions().setActivationTimeoutMs(300);
  }

  private static final String CONTAINER = "4f1c9a0e2b7d8c6a5e3f1b0d9c8a7e6f5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a";
  private Vertx epoll;

  @Override
  @BeforeEach
  void startProxy(Vertx ignored, VertxTestContext ctx) {
    epoll = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    assertTrue(epoll.isNativeTransportEnabled(), "the native epoll transport is needed: " + epoll.unavailableNativeTransportCause());
    super.startProxy(epoll, ctx);
  }

  @AfterEach
  void closeVertx() {
    epoll.close();
  }

  @Test
  void refusesASocketServedByAProcessOutsideTheInstancesContainer(VertxTestContext ctx) {
    FakeFunction.start(vertx, (so, n, head) -> so.write(io.vertx.core.buffer.Buffer.buffer(
        "HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\n[{\"Id\":\"abc\"}]")))
      .compose(fn -> routes.put(new Route("linked", "i1", 1, NODE, fn.socket.toString(), null, 0, 0, CONTAINER))
        .compose(v -> get("/function/linked/containers/json"))
        .map(r -> {
          ctx.verify(() -> {
            assertEquals(502, r.status(), r.body().toString());
            assertEquals("instance_unverified", r.json().getString("code"));
            ReadsHostileResponsesTest.assertPlain(r.json().getString("error"));
            assertEquals(0, fn.bytes.get(), "bytes sent to a process that is not the instance");
          });
          return r;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void refusesAWebSocketHandshakeToAProcessOutsideTheInstancesContainer(VertxTestContext ctx) {
    FakeFunction.start(vertx, (so, n, head) -> so.write(io.vertx.core.buffer.Buffer.buffer(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")))
      .compose(fn -> routes.put(new Route("linkedws", "i1", 1, NODE, fn.socket.toString(), null, 0, 0, CONTAINER))
        .compose(v -> onContext(() -> vertx.createWebSocketClient().connect(port, "127.0.0.1", "/function/linkedws/")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertTrue(e instanceof io.vertx.core.http.UpgradeRejectedException, e.toString());
          assertEquals(502, ((io.vertx.core.http.UpgradeRejectedException) e).getStatus());
          assertEquals(0, fn.bytes.get(), "bytes sent to a process that is not the instance");
          ctx.completeNow();
        }))));
  }

  @Test
  void doesNotCheckARouteWithoutAContainer(VertxTestContext ctx) {
    FakeFunction.start(vertx, (so, n, head) -> so.write(io.vertx.core.buffer.Buffer.buffer(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")))
      .compose(fn -> routes.put(new Route("plain", "i1", 1, NODE, fn.socket.toString(), null)))
      .compose(v -> get("/function/plain/"))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(200, r.status());
        assertEquals("ok", r.body().toString());
        ctx.completeNow();
      })));
  }
}
