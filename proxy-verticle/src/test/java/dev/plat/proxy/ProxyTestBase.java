package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.InvocationGate;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A proxy of node {@code node-a} behind a "gateway" server on a free port ({@code /function/**}
 * through {@link ProxyHandler#handle}), an in-memory route table and a client. Calls from the test
 * thread start on {@link #context} ({@link #onContext}), so no response is handed to a chain that
 * is not listening yet.
 */
@ExtendWith(VertxExtension.class)
abstract class ProxyTestBase {
  static final String NODE = "node-a";
  /** The cluster secret the test nodes share. */
  static final String CLUSTER_SECRET = "test-cluster-secret-0123456789";
  /** The one token the test gateway ({@link #GATE}) knows. */
  static final String GATEWAY_TOKEN = "gateway-token";

  Vertx vertx;
  RouteTable routes;
  ProxyHandler proxy;
  HttpClient client;
  /** The context every call of the test thread starts on. */
  Context context;
  int port;
  /** With {@link #fastPath()}: invocations that reached Vert.x's request handler. */
  final AtomicInteger viaVertx = new AtomicInteger();

  /** The reply of a request, body read whole (small bodies only). */
  record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  ProxyOptions options() {
    return new ProxyOptions();
  }

  /** Where the proxy's metrics go; null: none. */
  io.micrometer.core.instrument.MeterRegistry registry() {
    return null;
  }

  /** The functions' versions and splits the proxy reads; null: none. */
  dev.plat.cluster.FunctionDirectory directory() {
    return null;
  }

  @BeforeEach
  void startProxy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    context = vertx.getOrCreateContext();
    routes = RouteTable.inMemory();
    proxy = ProxyHandler.create(vertx, config(NODE), routes, options(), registry(), directory());
    client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1"),
      new PoolOptions().setHttp1MaxSize(32));
    front(proxy).onComplete(ctx.succeeding(server -> {
      port = server.actualPort();
      ctx.completeNow();
    }));
  }

  static PlatConfig config(String nodeId) {
    return PlatConfig.of(Map.of(ConfigKey.NODE_ID, nodeId, ConfigKey.CLUSTER_SECRET, CLUSTER_SECRET));
  }

  /** Whether the front server lets the proxy serve HTTP/1.x invocations on its connections (the fast path). */
  boolean fastPath() {
    return false;
  }

  /**
   * A server on a free port handing every request to {@code handler}; with {@link #fastPath()},
   * {@code /function/**} requests on HTTP/1.x are served by the handler's fast path instead.
   */
  Future<HttpServer> front(ProxyHandler handler) {
    if (!fastPath()) {
      return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1");
    }
    // h2c off, as on the gateway: with it on, Vert.x decodes each connection's first request itself
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
      .requestHandler(req -> {
        if (gate().check(req.authority() == null ? null : req.authority().host(), req.path()) != null) {
          viaVertx.incrementAndGet();
        }
        handler.handle(req);
      })
      .connectionHandler(connection -> {
        if (!handler.serveConnection(connection, gate())) {
          throw new IllegalStateException("the fast path refused an HTTP/1.x connection");
        }
      })
      .listen(0, "127.0.0.1");
  }

  /** The gateway's rules the fast path asks: {@link #GATE} unless a test says otherwise. */
  InvocationGate gate() {
    return GATE;
  }

  /** With {@link #fastPath()}: every invocation was served by the fast path, none by Vert.x's request handler. */
  @AfterEach
  void noInvocationWentThroughVertx() {
    if (fastPath()) {
      assertEquals(0, viaVertx.get(), "invocations that reached Vert.x's request handler instead of the fast path");
    }
  }

  /**
   * The test gateway's rules: {@code /function/{name}/**} is an invocation, of a public function
   * unless the name starts with {@code private}; any other path is not. Every caller may invoke;
   * the gateway's one token is {@link #GATEWAY_TOKEN}.
   */
  static final InvocationGate GATE = new InvocationGate() {
    @Override
    public Verdict check(String host, String path) {
      if (!path.startsWith("/function/")) {
        return null;
      }
      int slash = path.indexOf('/', "/function/".length());
      String name = slash < 0 ? path.substring("/function/".length()) : path.substring("/function/".length(), slash);
      return new Verdict(name, slash < 0 ? "/" : path.substring(slash), !name.startsWith("private"), null);
    }

    @Override
    public dev.plat.cluster.api.PlatError authorize(String authorization) {
      return null;
    }

    @Override
    public boolean isGatewayToken(String token) {
      return GATEWAY_TOKEN.equals(token);
    }
  };

  Future<Void> route(String function, String instance, Origin origin) {
    return routes.put(new Route(function, instance, 1, NODE, origin.socket.toString(), null));
  }

  Future<Reply> get(String uri) {
    return send(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap(), null);
  }

  Future<Reply> send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return send(port, method, uri, headers, body);
  }

  Future<Reply> send(int port, HttpMethod method, String uri, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setPort(port).setMethod(method).setURI(uri).setHeaders(headers);
    return onContext(() -> client.request(options)
      .compose(req -> body == null ? req.send() : req.send(body))
      .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))));
  }

  /**
   * Runs {@code chain} (calls of {@link #client}, handlers set on the response) on {@link #context}:
   * the way to start any call from the test thread (see {@link OnContext}).
   */
  <T> Future<T> onContext(Supplier<Future<T>> chain) {
    return OnContext.run(context, chain);
  }

  /** Completes when {@code condition} holds, polling every 5 ms for at most 10 s. */
  Future<Void> until(BooleanSupplier condition) {
    Promise<Void> promise = Promise.promise();
    long deadline = System.currentTimeMillis() + 10_000;
    poll(condition, deadline, promise);
    return promise.future();
  }

  private void poll(BooleanSupplier condition, long deadline, Promise<Void> promise) {
    if (condition.getAsBoolean()) {
      promise.complete();
    } else if (System.currentTimeMillis() > deadline) {
      promise.fail(new AssertionError("condition not met within 10 s"));
    } else {
      vertx.setTimer(5, id -> poll(condition, deadline, promise));
    }
  }

  FunctionStats stats(String function) {
    FunctionStats s = proxy.stats().getOrDefault(function, new FunctionStats(0, 0, 0));
    return new FunctionStats(s.inFlight(), s.queued(), s.requests());
  }
}
