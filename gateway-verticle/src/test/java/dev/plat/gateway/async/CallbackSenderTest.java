package dev.plat.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.CallbackTargets;
import dev.plat.cluster.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The send-time check of a callback against a real receiver on loopback (allowed by range). */
@ExtendWith(VertxExtension.class)
class CallbackSenderTest {

  @Test
  void aNameThatResolvesElsewhereBySendTimeIsNotSentAndNoRedirectIsFollowed(Vertx vertx) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(req.path() + " " + req.getHeader("Host"));
      if (req.path().equals("/redirect")) {
        req.response().setStatusCode(302).putHeader("Location", "/landing").end();
      } else {
        req.response().setStatusCode(204).end();
      }
    }));
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    AtomicReference<String> resolvesTo = new AtomicReference<>("127.0.0.1");
    CallbackGuard guard = new CallbackGuard(CallbackTargets.parse("public,127.0.0.1/32"), host -> {
      try {
        return Future.succeededFuture(List.of(InetAddress.getByName(resolvesTo.get())));
      } catch (java.net.UnknownHostException e) {
        return Future.failedFuture(e);
      }
    });
    HttpClient client = vertx.createHttpClient();
    CallbackSender sender = new CallbackSender(vertx, client, new RetryPolicy(3, 10), guard, 5_000, 10);
    Context context = vertx.getOrCreateContext();
    String base = "http://hooks.test:" + port;

    assertEquals(CallbackSender.Outcome.DELIVERED, send(context, sender, base + "/cb"));
    assertEquals(List.of("/cb hooks.test:" + port), seen, "sent to the address checked, with the URL's host");

    resolvesTo.set("10.0.0.9");
    assertEquals(CallbackSender.Outcome.REFUSED, send(context, sender, base + "/cb"));
    assertEquals(1, seen.size(), "not sent: " + seen);

    resolvesTo.set("127.0.0.1");
    assertEquals(CallbackSender.Outcome.DELIVERED, send(context, sender, base + "/redirect"));
    assertEquals(List.of("/cb hooks.test:" + port, "/redirect hooks.test:" + port), seen, "the redirect is not followed");
    server.close();
  }

  private static CallbackSender.Outcome send(Context context, CallbackSender sender, String url) throws Exception {
    AsyncInvocation invocation = AsyncInvocation.queued("i-1", "hello", new JsonObject(), url, 1L);
    return OnContext.run(context, () -> sender.send(invocation)).toCompletionStage().toCompletableFuture()
      .get(30, TimeUnit.SECONDS);
  }
}
