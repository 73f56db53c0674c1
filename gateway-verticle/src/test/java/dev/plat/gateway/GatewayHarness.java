package dev.plat.gateway;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.InvocationHandler;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.testing.OnContext;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerClientOptions;
import dev.plat.gateway.async.InMemoryInvocationStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A real gateway on a free 127.0.0.1 port (port 0, then the one it got) with test tokens, plus an HTTP client to call it. Calls
 * from the test thread start on {@link #context} ({@link #onContext}), so no response is handed
 * to a chain that is not listening yet.
 */
final class GatewayHarness {
  static final String ADMIN = "admin-secret";
  static final String DEPLOYER = "deployer-secret";
  static final String INVOKER = "invoker-secret";
  static final String DASHBOARD_ORIGIN = "http://dash.example.test:3000";
  static final long MAX_UPLOAD = 4096;

  final Vertx vertx;
  final Path dataDir;
  final int port;
  final HttpClient client;
  /** The context every call of the test thread starts on. */
  final Context context;
  final GatewayVerticle verticle;
  /** The function directory the gateway reads; tests put entries in it. */
  final FunctionDirectory directory;
  /** What the fake data plane was asked to invoke: {@code name path}, in order. */
  final List<String> invocations;
  /** The asynchronous invocations the gateway stores. */
  final InMemoryInvocationStore invocationStore;
  /** The Authorization header the fake data plane saw on each invocation ("null" when none). */
  List<String> authorizations;
  /** The query the fake data plane was told to pass on, on each invocation ("null" when none). */
  List<String> queries;

  private GatewayHarness(Vertx vertx, Path dataDir, int port, GatewayVerticle verticle, FunctionDirectory directory,
      List<String> invocations, InMemoryInvocationStore invocationStore) {
    this.invocationStore = invocationStore;
    this.directory = directory;
    this.invocations = invocations;
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.port = port;
    this.verticle = verticle;
    this.client = vertx.createHttpClient();
    this.context = vertx.getOrCreateContext();
  }

  /** Starts a gateway with the test configuration plus {@code extra}, and a Docker client for {@code dockerHost}. */
  static GatewayHarness start(Vertx vertx, Path dataDir, DockerClient docker, Map<ConfigKey, String> extra) {
    return start(vertx, dataDir, docker, extra, null);
  }

  /** {@link #start(Vertx, Path, DockerClient, Map)} serving {@code metrics} at {@code /metrics}. */
  static GatewayHarness start(Vertx vertx, Path dataDir, DockerClient docker, Map<ConfigKey, String> extra,
      Supplier<String> metrics) {
    return start(vertx, dataDir, docker, extra, metrics, null);
  }

  /**
   * {@link #start(Vertx, Path, DockerClient, Map, Supplier)} with {@code function} as the data plane
   * after the recording one (null: the recording one answers {@code invoked <name> <path>}).
   */
  static GatewayHarness start(Vertx vertx, Path dataDir, DockerClient docker, Map<ConfigKey, String> extra,
      Supplier<String> metrics, InvocationHandler function) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.HTTP_HOST, "127.0.0.1");
    values.put(ConfigKey.HTTP_PORT, "0");
    values.put(ConfigKey.DATA_DIR, dataDir.toString());
    values.put(ConfigKey.NODE_ID, "gw-test");
    values.put(ConfigKey.AUTH_TOKEN, ADMIN);
    values.put(ConfigKey.TOKENS, DEPLOYER + ":deployer," + INVOKER + ":invoker");
    values.put(ConfigKey.CORS_ORIGINS, DASHBOARD_ORIGIN);
    values.put(ConfigKey.MAX_UPLOAD_BYTES, Long.toString(MAX_UPLOAD));
    values.putAll(extra);
    PlatConfig config = PlatConfig.of(values);
    DockerClient client = docker != null ? docker
      : DockerClient.create(vertx, new DockerClientOptions().setDockerHost("unix://" + dataDir.resolve("no-docker.sock")));
    FunctionDirectory directory = FunctionDirectory.inMemory();
    List<String> invocations = new CopyOnWriteArrayList<>();
    List<String> authorizations = new CopyOnWriteArrayList<>();
    List<String> queries = new CopyOnWriteArrayList<>();
    InvocationHandler invoker = (request, name, path, query) -> {
      invocations.add(name + " " + path);
      authorizations.add(String.valueOf(request.getHeader("Authorization")));
      queries.add(String.valueOf(query));
      if (function != null) {
        function.invoke(request, name, path, query);
      } else {
        request.response().end("invoked " + name + " " + path);
      }
    };
    InMemoryInvocationStore store = new InMemoryInvocationStore();
    GatewayVerticle verticle = new GatewayVerticle(config, client, List::of, directory, invoker, metrics, List::of, store);
    await(vertx.deployVerticle(verticle));
    GatewayHarness harness = new GatewayHarness(vertx, dataDir, verticle.actualPort(), verticle, directory, invocations, store);
    harness.authorizations = authorizations;
    harness.queries = queries;
    return harness;
  }

  static GatewayHarness start(Vertx vertx, Path dataDir) {
    return start(vertx, dataDir, null, Map.of());
  }

  /** A response read whole. */
  record Response(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    String text() {
      return body.toString();
    }
  }

  RequestOptions options(HttpMethod method, String uri, String token) {
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(method).setURI(uri);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    return options;
  }

  Response call(HttpMethod method, String uri, String token) {
    return call(options(method, uri, token), req -> req.send());
  }

  Response call(HttpMethod method, String uri, String token, Buffer body) {
    return call(options(method, uri, token), req -> req.send(body));
  }

  /** Sends with {@code sender} and reads the whole response. */
  Response call(RequestOptions options, Function<HttpClientRequest, Future<HttpClientResponse>> sender) {
    return await(onContext(() -> client.request(options).compose(sender)
      .compose(resp -> resp.body().map(body -> new Response(resp.statusCode(), resp.headers(), body)))));
  }

  /**
   * Runs {@code chain} (calls of {@link #client}, handlers set on the response) on {@link #context}:
   * the way to start any call from the test thread (see {@link OnContext}).
   */
  <T> Future<T> onContext(Supplier<Future<T>> chain) {
    return OnContext.run(context, chain);
  }

  /** Files in {@code <dataDir>/uploads}. */
  List<Path> uploads() throws IOException {
    Path dir = dataDir.resolve("uploads");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(20));
  }

  static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
