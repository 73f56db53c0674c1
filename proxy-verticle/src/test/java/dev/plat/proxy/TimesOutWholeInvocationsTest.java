package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.Route;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/**
 * The function's timeout bounds the whole invocation, not only the wait for the response head: a
 * body still dribbling in when it runs out is cut (the client's response ends abruptly, its head
 * having gone out) and the connection to the instance is closed.
 */
class TimesOutWholeInvocationsTest extends ProxyTestBase {
  /**
   * Long enough that the head (written at once by the function) comes in time on a loaded CI
   * machine: at 300 ms it once did not (504), while the body still takes far longer.
   */
  private static final long TIMEOUT_MS = 3_000;

  @Override
  ProxyOptions options() {
    return new ProxyOptions().setDefaultTimeoutMs(TIMEOUT_MS);
  }

  @Test
  void cutsABodyThatIsStillComingWhenTheTimeoutRunsOut(VertxTestContext ctx) {
    // 40 bytes, one every 250 ms: the head comes at once, the body would end after 10 s
    Future<FakeFunction> started = FakeFunction.start(vertx, (so, n, head) -> {
      so.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\nx"));
      long[] sent = {1};
      vertx.setPeriodic(250, id -> {
        if (sent[0]++ >= 40) {
          vertx.cancelTimer(id);
        } else {
          so.write(Buffer.buffer("x")).onFailure(err -> vertx.cancelTimer(id));
        }
      });
    });
    started.compose(fn -> routes.put(new Route("dribble", "i1", 1, NODE, fn.socket.toString(), null))
        .compose(v -> onContext(() -> client.request(new RequestOptions().setPort(port)
            .setMethod(HttpMethod.GET).setURI("/function/dribble/")).compose(req -> req.send())))
        .compose(resp -> {
          ctx.verify(() -> assertEquals(200, resp.statusCode(), "the head came in time"));
          return resp.body().transform(ar -> ar.failed() ? Future.succeededFuture()
            : Future.failedFuture(new AssertionError("the whole slow body arrived: " + ar.result().length() + " bytes")));
        })
        .compose(v -> fn.closed.future()))  // and the proxy closed its connection to the instance
      .onComplete(ctx.succeedingThenComplete());
  }
}
