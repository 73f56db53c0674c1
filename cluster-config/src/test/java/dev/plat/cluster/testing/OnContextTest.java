package dev.plat.cluster.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OnContextTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * Built on the test thread, this chain lost the body every time the response had arrived before
   * {@code compose(body)} was added (20 of 20 tries, measured): here the test thread is always late.
   */
  @Test
  void readsSmallBodiesHoweverLateTheTestThreadIs() throws Exception {
    int port = await(vertx.createHttpServer().requestHandler(req -> req.response().end("small " + req.path()))
      .listen(0, "127.0.0.1")).actualPort();
    HttpClient client = vertx.createHttpClient();
    Context context = vertx.getOrCreateContext();
    for (int i = 0; i < 50; i++) {
      String path = "/" + i;
      CompletableFuture<HttpClientResponse> delivered = new CompletableFuture<>();
      Future<String> body = OnContext.run(context, () -> client.request(HttpMethod.GET, port, "127.0.0.1", path)
        .compose(req -> req.send()).onSuccess(delivered::complete)
        .compose(HttpClientResponse::body).map(Object::toString));
      delivered.get(10, TimeUnit.SECONDS);
      assertEquals("small " + path, await(body));
    }
  }

  @Test
  void aChainThatThrowsFailsTheFuture() {
    IllegalStateException thrown = new IllegalStateException("boom");
    Executable run = () -> await(OnContext.run(vertx.getOrCreateContext(), () -> {
      throw thrown;
    }));
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, run);
    assertSame(thrown, e.getCause());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
