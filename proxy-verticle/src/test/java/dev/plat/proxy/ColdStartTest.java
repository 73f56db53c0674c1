package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A function without a ready instance: requests wait for one activation, bounded in time. */
class ColdStartTest extends ProxyTestBase {
  private final List<Message<JsonObject>> activations = new ArrayList<>();

  @Override
  ProxyOptions options() {
    return new ProxyOptions().setActivationTimeoutMs(2_000);
  }

  /** The controller's part: records activation requests and answers none by itself. */
  private void fakeController() {
    vertx.eventBus().<JsonObject>consumer(Names.Address.ACTIVATE, activations::add);
  }

  @Test
  void anActivationFailureWithoutACodeIsAnsweredInPlainWords(VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Names.Address.ACTIVATE,
      msg -> msg.fail(500, "java.lang.IllegalStateException: boom\n\tat dev.plat.Foo.bar(Foo.java:1)"));
    get("/function/broken/").onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertEquals(500, r.status());
      assertEquals("internal", r.json().getString("code"));
      ReadsHostileResponsesTest.assertPlain(r.json().getString("error"));
      ctx.completeNow();
    })));
  }

  @Test
  void requestsOneActivationForManyWaitingRequestsThenServesThemAll(VertxTestContext ctx) {
    fakeController();
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      replies.add(get("/function/cold/" + i));
    }
    until(() -> stats("cold").queued() == 5)
      .compose(v -> Origin.echo(vertx))
      .compose(origin -> {
        ctx.verify(() -> {
          assertEquals(1, activations.size());
          assertEquals("cold", activations.get(0).body().getString("function"));
        });
        // the controller answers first; the route reaches this node's snapshot a little later
        activations.get(0).reply(new JsonObject().put("function", "cold"));
        return until(() -> stats("cold").queued() == 5).compose(v -> route("cold", "i1", origin));
      })
      .compose(v -> Future.all(replies))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        for (Future<Reply> reply : replies) {
          assertEquals(200, reply.result().status());
        }
        assertEquals(1, activations.size());
        assertEquals(new FunctionStats(0, 0, 5), stats("cold"));
        ctx.completeNow();
      })));
  }

  @Test
  void servesWaitingRequestsOnTheRouteTheActivationReplyCarriesBeforeTheTableHasIt(VertxTestContext ctx) {
    fakeController();
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replies.add(get("/function/thawed/" + i));
    }
    until(() -> stats("thawed").queued() == 3)
      .compose(v -> Origin.echo(vertx))
      .compose(origin -> {
        Route route = new Route("thawed", "i1", 1, NODE, origin.socket.toString(), null);
        activations.get(0).reply(new JsonObject().put("function", "thawed").put("activation", "resumed")
          .put("route", route.toJson()));
        return Future.all(replies);
      })
      .compose(all -> {
        ctx.verify(() -> {
          for (Future<Reply> reply : replies) {
            assertEquals(200, reply.result().status());
          }
          assertTrue(routes.routes("thawed").isEmpty(), "served without the route in the table");
        });
        // the table changes (the route comes and goes, as when the instance is paused again): the
        // reply's route is no longer used, the next request asks for an activation again
        Route route = new Route("thawed", "i1", 1, NODE, "/nowhere/fn.sock", null);
        return routes.put(route).compose(v -> routes.remove("thawed", "i1"));
      })
      .compose(v -> {
        get("/function/thawed/again");
        return until(() -> activations.size() == 2);
      })
      .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  void keepsTheRequestBodyUnreadWhileWaiting(VertxTestContext ctx) {
    fakeController();
    long size = 64L * 1024 * 1024;
    AtomicLong sent = new AtomicLong();
    onContext(() -> client.request(new RequestOptions().setPort(port).setMethod(HttpMethod.PUT).setURI("/function/lazy"))
      .compose(req -> {
        req.putHeader("content-length", Long.toString(size));
        Future<Buffer> body = req.response().compose(HttpClientResponse::body);
        write(req, sent, size);
        return until(() -> activations.size() == 1)
          .compose(v -> stalled(sent))
          .compose(v -> {
            ctx.verify(() -> assertTrue(sent.get() < StreamsBodiesTest.IN_TRANSIT_BOUND,
              "the proxy read " + sent.get() + " bytes of a request waiting for a cold start"));
            return Origin.start(vertx, originReq -> {
              AtomicLong received = new AtomicLong();
              originReq.handler(b -> received.addAndGet(b.length()));
              originReq.endHandler(x -> originReq.response().end(Long.toString(received.get())));
            });
          })
          .compose(origin -> route("lazy", "i1", origin))
          .compose(v -> {
            activations.get(0).reply(new JsonObject());
            return body;
          });
      }))
      .onComplete(ctx.succeeding(body -> ctx.verify(() -> {
        assertEquals(Long.toString(size), body.toString());
        ctx.completeNow();
      })));
  }

  @Test
  void answers503WhenNoInstanceBecomesReadyInTime(VertxTestContext ctx) {
    fakeController();
    send(HttpMethod.POST, "/function/never", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("payload"))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(503, reply.status());
        assertEquals("activation_timeout", reply.json().getString("code"));
        assertEquals(1, activations.size());
        assertEquals(new FunctionStats(0, 0, 1), stats("never"));
        ctx.completeNow();
      })));
  }

  @Test
  void answers404ForAFunctionTheControllerDoesNotKnow(VertxTestContext ctx) {
    vertx.eventBus().<JsonObject>consumer(Names.Address.ACTIVATE, msg -> msg.fail(404,
      PlatError.notFound("function_not_found", "no function " + msg.body().getString("function")).toJson().encode()));
    get("/function/ghost/x").onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertEquals(404, reply.status());
      assertEquals("function_not_found", reply.json().getString("code"));
      assertFalse(proxy.stats().containsKey("ghost"), "an unknown function is forgotten");
      ctx.completeNow();
    })));
  }

  @Test
  void waitsForALeaderThatTakesOverWhileRequestsWait(VertxTestContext ctx) {
    // no controller answers activations at first (the leader died); one takes over 300 ms later
    vertx.setTimer(300, id -> vertx.eventBus().<JsonObject>consumer(Names.Address.ACTIVATE, msg ->
      Origin.echo(vertx).onSuccess(origin -> msg.reply(new JsonObject().put("function", "taken").put("activation", "started")
        .put("route", new Route("taken", "i1", 1, NODE, origin.socket.toString(), null).toJson())))));
    get("/function/taken/x").onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertEquals(200, reply.status(), reply.toString());
      ctx.completeNow();
    })));
  }

  @Test
  void answers503WhenNoControllerRuns(VertxTestContext ctx) {
    get("/function/orphan").onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertEquals(503, reply.status());
      assertEquals("role_unavailable", reply.json().getString("code"));
      ctx.completeNow();
    })));
  }

  private static void write(io.vertx.core.http.HttpClientRequest req, AtomicLong sent, long size) {
    while (sent.get() < size) {
      if (req.writeQueueFull()) {
        req.drainHandler(v -> write(req, sent, size));
        return;
      }
      req.write(StreamsBodiesTest.CHUNK);
      sent.addAndGet(StreamsBodiesTest.CHUNK.length());
    }
    req.end();
  }

  private Future<Void> stalled(AtomicLong counter) {
    return new StreamsBodiesTest() {
      {
        vertx = ColdStartTest.this.vertx;
      }
    }.stalled(counter);
  }
}
