package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.InvocationGate;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy port's HTTP/1.x fast path: forwarded invocations are served below Vert.x's request
 * objects, and every request, on either path, must carry the cluster secret (401 JSON without it);
 * the internal endpoints are handed to Vert.x's handler and stay behind the secret.
 */
class ProxyPortFastPathTest extends ProxyTestBase {
  private static final String MARKS = Names.Header.FORWARDED_BY + ": node-a\r\n"
    + Names.Header.CLUSTER_AUTH + ": " + CLUSTER_SECRET + "\r\n";
  /** Requests that reached the proxy port's Vert.x request handler. */
  private final AtomicInteger viaVertxOnB = new AtomicInteger();
  private final AtomicInteger internalCalls = new AtomicInteger();
  private int proxyPortB;

  @BeforeEach
  void startNodeB() throws Exception {
    PlatConfig configB = PlatConfig.of(Map.of(ConfigKey.NODE_ID, "node-b", ConfigKey.PROXY_PORT, "0",
      ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET));
    ProxyHandler handlerB = new Counting(ProxyHandler.create(vertx, configB, routes, new ProxyOptions()));
    Handler<HttpServerRequest> internal = req -> {
      internalCalls.incrementAndGet();
      req.response().end("internal " + req.path());
    };
    ProxyVerticle nodeB = new ProxyVerticle(configB, routes, handlerB, internal);
    vertx.deployVerticle(nodeB).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    proxyPortB = nodeB.actualPort();
    Origin origin = Origin.echo(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    routes.put(new Route("local", "b1", 1, "node-b", origin.socket.toString(), "127.0.0.1:" + proxyPortB))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String get(String path, String headers) {
    return "GET " + path + " HTTP/1.1\r\nHost: b\r\n" + headers + "\r\n";
  }

  private static JsonObject json(RawHttp.Response r) {
    return new JsonObject(r.body());
  }

  @Test
  void servesForwardedInvocationsOnTheFastPathAndRefusesRequestsWithoutTheSecretThere() throws Exception {
    try (RawHttp http = new RawHttp(proxyPortB)) {
      RawHttp.Response ok = http.write(get("/function/local/p?q=1", MARKS + Names.Header.REQUEST_ID + ": rid-1\r\n"
        + "Authorization: Bearer user-token\r\n")).read();
      assertEquals(200, ok.status());
      JsonObject seen = json(ok);
      assertEquals("/p?q=1", seen.getString("uri"));
      JsonObject h = seen.getJsonObject("headers");
      assertEquals("rid-1", ok.headers().get("x-plat-request-id"), "the forwarding node's request id is kept");
      assertEquals("Bearer user-token", h.getJsonArray("authorization").getString(0), "headers as they came");
      assertFalse(h.containsKey("x-forwarded-for"), "added by the first node only");
      assertFalse(h.containsKey(Names.Header.FORWARDED_BY.toLowerCase()));
      assertFalse(h.containsKey(Names.Header.CLUSTER_AUTH.toLowerCase()), "the cluster secret never reaches a function");

      String[] refused = {
        get("/function/local/", Names.Header.FORWARDED_BY + ": node-a\r\n"),
        get("/function/local/", Names.Header.FORWARDED_BY + ": node-a\r\n" + Names.Header.CLUSTER_AUTH + ": "
          + CLUSTER_SECRET.substring(1) + "!\r\n"),
        get("/function/local/", Names.Header.FORWARDED_BY + ": node-a\r\n" + Names.Header.CLUSTER_AUTH + ": "
          + CLUSTER_SECRET + "0\r\n"),
        // the first of two counts, as Vert.x's getHeader
        get("/function/local/", Names.Header.FORWARDED_BY + ": node-a\r\n" + Names.Header.CLUSTER_AUTH + ": x\r\n"
          + Names.Header.CLUSTER_AUTH + ": " + CLUSTER_SECRET + "\r\n"),
        get(Names.Internal.PREFIX + "logs", ""),
        "POST /function/local/ HTTP/1.1\r\nHost: b\r\nContent-Length: 3\r\n" + Names.Header.FORWARDED_BY
          + ": node-a\r\n\r\nabc",
      };
      for (String request : refused) {
        RawHttp.Response r = http.write(request).read();
        assertEquals(401, r.status(), request);
        assertEquals("unauthorized", json(r).getString("code"), request);
        assertEquals("application/json", r.headers().get("content-type"), request);
        if (request.startsWith("POST")) {
          http.close();
        }
      }
    }
    try (RawHttp http = new RawHttp(proxyPortB)) {
      RawHttp.Response unmarked = http.write(get("/function/local/", Names.Header.CLUSTER_AUTH + ": " + CLUSTER_SECRET
        + "\r\n")).read();
      assertEquals(403, unmarked.status());
      assertEquals("forbidden", json(unmarked).getString("code"));
      assertEquals(200, http.write(get("/function/local/again", MARKS)).read().status());
    }
    assertEquals(0, internalCalls.get(), "no internal endpoint without the secret");
    assertEquals(0, viaVertxOnB.get(), "every request was answered by the fast path");
  }

  @Test
  void handsTheInternalEndpointsToVertxWhichStillRequiresTheSecret() throws Exception {
    try (RawHttp http = new RawHttp(proxyPortB)) {
      assertEquals(200, http.write(get("/function/local/first", MARKS)).read().status());
      RawHttp.Response internal = http.write(get(Names.Internal.PREFIX + "logs",
        Names.Header.CLUSTER_AUTH + ": " + CLUSTER_SECRET + "\r\n")).read();
      assertEquals(200, internal.status());
      assertEquals("internal " + Names.Internal.PREFIX + "logs", internal.body());
      // the connection is Vert.x's from there on: the same rules
      RawHttp.Response without = http.write(get(Names.Internal.PREFIX + "logs", "")).read();
      assertEquals(401, without.status());
      assertEquals("unauthorized", json(without).getString("code"));
      RawHttp.Response forwarded = http.write(get("/function/local/after", MARKS)).read();
      assertEquals(200, forwarded.status());
      assertEquals("/after", json(forwarded).getString("uri"));
    }
    assertEquals(1, internalCalls.get());
    assertEquals(3, viaVertxOnB.get(), "the internal request and what followed on its connection");
  }

  /** A handler that counts the requests reaching the proxy port's Vert.x request handler. */
  private final class Counting implements ProxyHandler {
    private final ProxyHandler inner;

    Counting(ProxyHandler inner) {
      this.inner = inner;
    }

    @Override
    public void handle(HttpServerRequest request) {
      inner.handle(request);
    }

    @Override
    public void invoke(HttpServerRequest request, String function, String path, String query) {
      inner.invoke(request, function, path, query);
    }

    @Override
    public boolean serveConnection(HttpConnection connection, InvocationGate gate) {
      return inner.serveConnection(connection, gate);
    }

    @Override
    public boolean serveForwardedConnection(HttpConnection connection) {
      return inner.serveForwardedConnection(connection);
    }

    @Override
    public Handler<HttpServerRequest> forwardedHandler() {
      Handler<HttpServerRequest> h = inner.forwardedHandler();
      return req -> {
        viaVertxOnB.incrementAndGet();
        h.handle(req);
      };
    }

    @Override
    public Handler<HttpServerRequest> forwardedHandler(Handler<HttpServerRequest> internal) {
      Handler<HttpServerRequest> h = inner.forwardedHandler(internal);
      return req -> {
        viaVertxOnB.incrementAndGet();
        h.handle(req);
      };
    }

    @Override
    public Map<String, FunctionStats> stats() {
      return inner.stats();
    }

    @Override
    public Future<Void> close() {
      return inner.close();
    }
  }
}
