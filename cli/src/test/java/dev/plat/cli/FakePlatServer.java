package dev.plat.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the gateway on 127.0.0.1 and a random port: routes by method and exact path,
 * records every request (with its whole body) for the test to check, 404 for anything else.
 */
final class FakePlatServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final String scheme;

  /** Answers one request; the body was already read into {@code request}. */
  interface Handler {
    void handle(Recorded request, HttpExchange exchange) throws Exception;
  }

  /** A request as the server saw it. */
  record Recorded(String method, String path, String query, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  FakePlatServer() throws IOException {
    this(null);
  }

  /** A stand-in serving HTTPS with {@code tls} (its key and certificate), or plain HTTP when null. */
  FakePlatServer(javax.net.ssl.SSLContext tls) throws IOException {
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } else {
      com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
        new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      server = https;
    }
    this.scheme = tls == null ? "http" : "https";
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  FakePlatServer on(String method, String path, Handler handler) {
    routes.put(method + " " + path, handler);
    return this;
  }

  /** Always answers {@code status} with this JSON body. */
  FakePlatServer json(String method, String path, int status, String body) {
    return on(method, path, (req, ex) -> send(ex, status, body));
  }

  List<Recorded> requests(String method, String path) {
    return requests.stream().filter(r -> r.method.equals(method) && r.path.equals(path)).toList();
  }

  static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
      exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
    requests.add(request);
    Handler handler = routes.get(request.method + " " + request.path);
    try {
      if (handler == null) {
        send(exchange, 404, "{\"error\":\"no route " + request.path + "\",\"code\":\"not_found\"}");
      } else {
        handler.handle(request, exchange);
      }
    } catch (Exception e) {
      send(exchange, 500, "{\"error\":\"fake server: " + e + "\",\"code\":\"test\"}");
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
