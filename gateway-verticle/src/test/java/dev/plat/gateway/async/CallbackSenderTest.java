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
import java.util.concurrent.atomic.AtomicInteger;
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
    CallbackSender sender = new CallbackSender(vertx, client, new RetryPolicy(3, 10), guard, store, System::currentTimeMillis,
      5_000, 10);
    Context context = vertx.getOrCreateContext();
    String base = "http://hooks.test:" + port;

    assertEquals(CallbackSender.Outcome.DELIVERED, send(context, sender, base + "/cb"));
    assertEquals(List.of("/cb hooks.test:" + port), seen, "sent to the address checked, with the URL's host");

    resolvesTo.set("10.0.0.9");
    assertEquals(CallbackSender.Outcome.REFUSED, send(context, sender, base + "/cb"));
    assertEquals(1, seen.size(), "not sent: " + seen);
    JsonObject refused = store.get(lastId).result().callback();
    assertEquals("refused", refused.getString("state"), refused::encode);
    assertEquals(0, refused.getInteger("attempts"), "none was sent");

    resolvesTo.set("127.0.0.1");
    assertEquals(CallbackSender.Outcome.DELIVERED, send(context, sender, base + "/redirect"));
    assertEquals(List.of("/cb hooks.test:" + port, "/redirect hooks.test:" + port), seen, "the redirect is not followed");
    server.close();
  }

  @Test
  void everyTryIsRecordedInTheRecordUntilDeliveredAndADeliveredCallbackIsNotSentAgain(Vertx vertx) throws Exception {
    AtomicInteger answered = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body ->
      req.response().setStatusCode(answered.incrementAndGet() == 1 ? 503 : 200).end()));
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    CallbackGuard guard = new CallbackGuard(CallbackTargets.parse("127.0.0.1/32"),
      host -> Future.succeededFuture(List.of(LOOPBACK)));
    CallbackSender sender = new CallbackSender(vertx, vertx.createHttpClient(), new RetryPolicy(3, 10), guard, store,
      System::currentTimeMillis, 5_000, 10);
    Context context = vertx.getOrCreateContext();

    assertEquals(CallbackSender.Outcome.DELIVERED, send(context, sender, "http://127.0.0.1:" + port + "/cb"));
    AsyncInvocation delivered = store.get(lastId).result();
    JsonObject callback = delivered.callback();
    assertEquals("delivered", callback.getString("state"), callback::encode);
    assertEquals(2, callback.getInteger("attempts"), "the 503, then the 200");
    assertEquals(200, callback.getInteger("status"));
    assertEquals(null, callback.getString("claim"), "nobody holds a finished delivery");
    assertEquals(5, delivered.rev(), "stored finished at revision 3, then one compare-and-set per try");

    CallbackSender.Outcome again = OnContext.run(context, () -> sender.send(delivered)).toCompletionStage()
      .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(CallbackSender.Outcome.NONE, again);
    assertEquals(2, answered.get(), "not sent again");
    server.close();
  }

  @Test
  void aDeliveryWhoseRecordMovedOnStopsAfterItsTry(Vertx vertx) throws Exception {
    AtomicInteger answered = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      answered.incrementAndGet();
      req.response().setStatusCode(503).end();
    }));
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    CallbackGuard guard = new CallbackGuard(CallbackTargets.parse("127.0.0.1/32"),
      host -> Future.succeededFuture(List.of(LOOPBACK)));
    CallbackSender sender = new CallbackSender(vertx, vertx.createHttpClient(), new RetryPolicy(3, 10), guard, store,
      System::currentTimeMillis, 5_000, 10);
    AsyncInvocation pending = pendingCallback("moved", "http://127.0.0.1:" + port + "/cb");
    // another node took it over meanwhile
    store.replace(pending, pending.callbackClaimed("n2", "m2", 3L));
    CallbackSender.Outcome outcome = OnContext.run(vertx.getOrCreateContext(), () -> sender.send(pending))
      .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(CallbackSender.Outcome.STOPPED, outcome);
    assertEquals(1, answered.get(), "no second try from this node");
    assertEquals("m2", store.get("moved").result().callbackClaim());
    server.close();
  }

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final InMemoryInvocationStore store = new InMemoryInvocationStore();
  private String lastId;
  private int sent;

  /** A finished invocation whose callback to {@code url} is pending, claimed by this node, as stored. */
  private AsyncInvocation pendingCallback(String id, String url) {
    AsyncInvocation queued = AsyncInvocation.queued(id, "hello", new JsonObject(), url, 1L);
    AsyncInvocation done = queued.claimed("n1", "m1", 2L).finished(AsyncInvocation.SUCCEEDED, 2L,
      new JsonObject().put("status", 200));
    store.create(done);
    lastId = id;
    return done;
  }

  private CallbackSender.Outcome send(Context context, CallbackSender sender, String url) throws Exception {
    AsyncInvocation invocation = pendingCallback("i-" + ++sent, url);
    return OnContext.run(context, () -> sender.send(invocation)).toCompletionStage().toCompletableFuture()
      .get(30, TimeUnit.SECONDS);
  }
}
