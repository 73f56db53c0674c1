package dev.plat.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A validating proxy in front of a node's gateway, as Prism's validation proxy is: every request
 * is passed on as it came (bodies streamed), and every answer of the management API is checked
 * against {@code openapi.yaml} ({@link ApiContract}): JSON answers are read whole and validated,
 * streamed text answers only by status and content type. Invocations ({@code /function/**}) pass
 * unchecked. What did not match is kept in {@link #violations()}.
 */
final class ContractProxy implements AutoCloseable {
  private static final Set<String> HOP = Set.of("connection", "transfer-encoding", "content-length", "keep-alive", "upgrade",
    "http2-settings");

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client = vertx.createHttpClient();
  private final ApiContract contract = ApiContract.load();
  private final int target;
  private final HttpServer server;
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<String> operations = new CopyOnWriteArrayList<>();

  private ContractProxy(int target) throws Exception {
    this.target = target;
    this.server = vertx.createHttpServer().requestHandler(this::pass).listen(0, "127.0.0.1")
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A proxy on a free 127.0.0.1 port in front of the gateway on {@code targetPort}. */
  static ContractProxy start(int targetPort) throws Exception {
    return new ContractProxy(targetPort);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Each answer that did not match the description: operation, status and what was wrong. */
  List<String> violations() {
    return List.copyOf(violations);
  }

  /** The operationId of every checked answer, in order, with its status ({@code getFunction 200}). */
  List<String> operations() {
    return List.copyOf(operations);
  }

  private void pass(HttpServerRequest request) {
    request.pause();
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(target).setMethod(request.method())
      .setURI(request.uri());
    request.headers().forEach((name, value) -> {
      if (!HOP.contains(name.toLowerCase()) && !name.equalsIgnoreCase("host")) {
        options.addHeader(name, value);
      }
    });
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      options.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    }
    ApiContract.Operation op = request.path().startsWith("/function/") ? null
      : contract.operation(request.method().name(), request.path());
    if (op == null && !request.path().startsWith("/function/")) {
      violations.add(request.method() + " " + request.path() + ": no operation describes it");
    }
    client.request(options)
      .compose(upstream -> {
        if (length == null && request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
          upstream.setChunked(true);
        }
        return upstream.send(request);
      })
      .onSuccess(answer -> answer(request.response(), answer, op))
      .onFailure(err -> request.response().setStatusCode(502).end("contract proxy: " + err));
  }

  private void answer(HttpServerResponse response, HttpClientResponse answer, ApiContract.Operation op) {
    response.setStatusCode(answer.statusCode());
    answer.headers().forEach((name, value) -> {
      if (!HOP.contains(name.toLowerCase())) {
        response.headers().add(name, value);
      }
    });
    String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
    boolean json = type != null && type.startsWith("application/json");
    if (op != null) {
      operations.add(op.id() + " " + answer.statusCode());
    }
    if (op != null && json) {
      answer.body().onSuccess(body -> {
        violations.addAll(contract.check(op, answer.statusCode(), type, body.toString()));
        response.end(body);
      }).onFailure(err -> response.reset());
      return;
    }
    if (op != null) {
      violations.addAll(contract.check(op, answer.statusCode(), type, ""));
    }
    String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else {
      response.setChunked(true);
    }
    answer.pipeTo(response);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
