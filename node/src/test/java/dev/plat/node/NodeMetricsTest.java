package dev.plat.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.plat.cluster.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vert.x started with {@link NodeMetrics#enable} records into the node's registry, with bounded labels. */
class NodeMetricsTest {
  @TempDir
  Path tmp;

  @Test
  void vertxRecordsItsHttpPoolAndJvmMetricsIntoTheNodesRegistryWithoutPathsOrSockets() throws Exception {
    NodeMetrics metrics = new NodeMetrics();
    Vertx vertx = Vertx.builder().with(metrics.enable(new VertxOptions())).build();
    try {
      int port = vertx.createHttpServer().requestHandler(req -> req.response().end("ok"))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      HttpClient client = vertx.createHttpClient();
      Context context = vertx.getOrCreateContext();
      for (String path : new String[] {"/a/unique-path-1", "/b/unique-path-2"}) {
        OnContext.run(context, () -> client.request(HttpMethod.GET, port, "127.0.0.1", path).compose(req -> req.send())
          .compose(HttpClientResponse::body)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      // an instance's socket, as the controller's health probe calls it
      Path socket = Files.createDirectories(tmp.resolve("sockets").resolve("inst-1")).resolve("fn.sock");
      vertx.createHttpServer().requestHandler(req -> req.response().end("healthy"))
        .listen(SocketAddress.domainSocketAddress(socket.toString())).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
      OnContext.run(context, () -> client.request(new RequestOptions()
          .setServer(SocketAddress.domainSocketAddress(socket.toString())).setHost("localhost").setURI("/_/health"))
        .compose(req -> req.send()).compose(HttpClientResponse::body))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.executeBlocking(() -> "on a worker").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      String scrape = metrics.scrape();
      assertTrue(scrape.contains("vertx_http_server_requests_total{"), scrape);
      assertTrue(scrape.contains("vertx_pool_"), scrape);
      assertTrue(scrape.contains("jvm_memory_used_bytes{"), scrape);
      assertFalse(scrape.contains("unique-path"), "no request path in any label:\n" + scrape);
      assertTrue(scrape.contains("pool_name=\"" + NodeMetrics.INSTANCE_POOLS + "\""), scrape);
      assertFalse(scrape.contains("fn.sock"), "no instance socket in any label:\n" + scrape);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
