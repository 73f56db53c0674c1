package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.InvocationGate;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.x fast path on real connections, bytes as a client writes them: keep-alive and
 * pipelined connections mixing invocations with other requests keep their order and hand over to
 * Vert.x, HTTP/1.0, {@code Expect: 100-continue}, refusals and errors as JSON, a client gone
 * mid-body.
 */
class FastPathConnectionsTest extends ProxyTestBase {
  private int fastPort;
  /** Invocations that reached Vert.x's request handler instead of the fast path. */
  private final AtomicInteger viaVertxHere = new AtomicInteger();

  @BeforeEach
  void startFront() throws Exception {
    Origin origin = Origin.echo(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    route("echo", "i1", origin).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
      .requestHandler(req -> {
        if (req.path().startsWith("/function/")) {
          viaVertxHere.incrementAndGet();
          proxy.handle(req);
        } else {
          req.response().putHeader("x-by", "vertx").end("api " + req.path());
        }
      })
      .connectionHandler(c -> proxy.serveConnection(c, GATE_WITH_SECRET));
    fastPort = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
      .actualPort();
  }

  /** {@code /function/secret/**} is function echo, not public: it needs {@code Authorization: Bearer ok}. */
  static final InvocationGate GATE_WITH_SECRET = new InvocationGate() {
    @Override
    public Verdict check(String host, String path) {
      Verdict v = GATE.check(host, path);
      return v == null || !v.function().equals("secret") ? v : new Verdict("echo", v.path(), false, null);
    }

    @Override
    public PlatError authorize(String authorization) {
      return "Bearer ok".equals(authorization) ? null : new PlatError(401, "unauthorized", "a bearer token is required");
    }

    @Override
    public boolean isGatewayToken(String token) {
      return "ok".equals(token);
    }
  };

  private static String raw(String uri) {
    return "GET " + uri + " HTTP/1.1\r\nHost: test\r\n\r\n";
  }

  private static JsonObject json(RawHttp.Response r) {
    return new JsonObject(r.body());
  }

  @Test
  void answersPipelinedInvocationsAndOtherRequestsInOrder() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      http.write(raw("/function/echo/a") + raw("/function/echo/b") + raw("/api/x") + raw("/function/echo/c"));
      RawHttp.Response a = http.read();
      RawHttp.Response b = http.read();
      RawHttp.Response api = http.read();
      RawHttp.Response c = http.read();
      assertEquals(1, viaVertxHere.get(), "only the invocation after the handover went through Vert.x");
      assertEquals("/a", json(a).getString("uri"));
      assertNotNull(a.headers().get("x-plat-request-id"));
      assertEquals("/b", json(b).getString("uri"));
      assertEquals("api /api/x", api.body());
      assertEquals("vertx", api.headers().get("x-by"));
      // after a request Vert.x served, the connection is Vert.x's: the invocation goes through ProxyHandler.handle
      assertEquals(200, c.status());
      assertEquals("/c", json(c).getString("uri"));
      assertNotNull(c.headers().get("x-plat-request-id"));
    }
  }

  @Test
  void servesInvocationThenApiRequestThenInvocationOnOneKeptAliveConnection() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      assertEquals("/one?q=1", json(http.write(raw("/function/echo/one?q=1")).read()).getString("uri"));
      assertEquals("api /health", http.write(raw("/health")).read().body());
      assertEquals(0, viaVertxHere.get());
      assertEquals("/two", json(http.write(raw("/function/echo/two")).read()).getString("uri"));
      assertEquals(1, viaVertxHere.get());
    }
  }

  @Test
  void forwardsABodyAndKeepsTheConnection() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      http.write("POST /function/echo/p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
        + "POST /function/echo/q HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
      JsonObject p = json(http.read());
      JsonObject q = json(http.read());
      assertEquals("hello", p.getString("body"));
      assertEquals("abcde", q.getString("body"));
      assertEquals("chunked", q.getJsonObject("headers").getJsonArray("transfer-encoding").getString(0));
    }
  }

  @Test
  void readsAChunkedBodyArrivingInPiecesThenServesTheNextRequestToo() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      http.write("POST /function/echo/c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nab");
      Thread.sleep(50);
      http.write("cd\r\n");
      Thread.sleep(50);
      http.write("3\r\nefg\r\n0\r\nX-Trailer: t\r\n\r\n");
      JsonObject c = json(http.read());
      assertEquals("abcdefg", c.getString("body"));
      assertEquals("/c", c.getString("uri"));
      assertEquals("/next", json(http.write(raw("/function/echo/next")).read()).getString("uri"));
      assertEquals(0, viaVertxHere.get(), "both went through the fast path");
    }
  }

  @Test
  void closesTheConnectionOnABrokenChunk() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      http.write("POST /function/echo/c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\n");
      assertTrue(http.closedByServer());
    }
    until(() -> stats("echo").inFlight() == 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void leavesAHeadItDoesNotReadToVertx() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      RawHttp.Response r = http.write("GET /function/echo/f HTTP/1.1\r\nHost: t\r\nX-Folded: a\r\n b\r\n\r\n").read();
      assertEquals(1, viaVertxHere.get(), "a folded header line is Vert.x's to read");
      assertEquals(200, r.status());
      assertEquals("/f", json(r).getString("uri"));
    }
  }

  @Test
  void answersHttp10AndClosesUnlessAskedToKeepAlive() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      RawHttp.Response r = http.write("GET /function/echo/k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
      assertEquals("keep-alive", r.headers().get("connection"));
      assertEquals("/k", json(r).getString("uri"));
      RawHttp.Response last = http.write("GET /function/echo/z HTTP/1.0\r\n\r\n").read();
      assertEquals("/z", json(last).getString("uri"));
      assertEquals("close", last.headers().get("connection"));
      assertTrue(http.closedByServer());
    }
  }

  @Test
  void answersExpectContinueBeforeTheBodyIsSent() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      http.write("PUT /function/echo/e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
      assertEquals(100, http.read().status());
      JsonObject r = json(http.write("data").read());
      assertEquals("data", r.getString("body"));
      assertFalse(r.getJsonObject("headers").containsKey("expect"));
    }
  }

  @Test
  void refusesWithJsonAndStripsTheTokenWhenAllowed() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      RawHttp.Response refused = http.write(raw("/function/secret/x")).read();
      assertEquals(401, refused.status());
      assertEquals("application/json", refused.headers().get("content-type"));
      assertEquals("unauthorized", json(refused).getString("code"));
      assertNotNull(refused.headers().get("www-authenticate"));
      RawHttp.Response ok = http.write("GET /function/secret/y HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ok\r\n\r\n").read();
      assertEquals(200, ok.status());
      assertNull(json(ok).getJsonObject("headers").getValue("authorization"));
      RawHttp.Response bad = http.write(raw("/function/Not_A_Name!/")).read();
      assertEquals(400, bad.status());
      assertEquals("bad_name", json(bad).getString("code"));
      assertNotNull(bad.headers().get("x-plat-request-id"));
    }
  }

  @Test
  void refusingARequestWithAnUnreadBodyClosesTheConnection() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      RawHttp.Response r = http.write("POST /function/secret/x HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\nabc").read();
      assertEquals(401, r.status());
      assertEquals("close", r.headers().get("connection"));
      assertTrue(http.closedByServer());
    }
  }

  @Test
  void aClientGoneMidBodyFreesTheInstance() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      http.write("POST /function/echo/big HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(10_000));
      until(() -> stats("echo").inFlight() == 1).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    until(() -> stats("echo").inFlight() == 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (RawHttp http = new RawHttp(fastPort)) {
      assertEquals(200, http.write(raw("/function/echo/after")).read().status());
    }
  }

  @Test
  void answersHeadWithoutABody() throws Exception {
    try (RawHttp http = new RawHttp(fastPort)) {
      RawHttp.Response h = http.write("HEAD /function/echo/h HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
      assertEquals(200, h.status());
      assertEquals("/h", json(http.write(raw("/function/echo/h")).read()).getString("uri"));
    }
  }
}
