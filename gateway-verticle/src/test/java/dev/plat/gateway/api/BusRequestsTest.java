package dev.plat.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A leader's failover as the gateway meets it: an idempotent request whose first attempt is never
 * answered (it went to a controller that died) or finds no controller yet is sent again; any
 * other request fails as before.
 */
@ExtendWith(VertxExtension.class)
class BusRequestsTest {
  private static final String ADDRESS = "test.controller";

  @Test
  void anUnansweredIdempotentRequestIsSentAgain(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger seen = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> {
      if (seen.incrementAndGet() > 1) {  // the first is swallowed, as by a controller killed mid-request
        m.reply(new JsonObject().put("answer", seen.get()));
      }
    }).completion().onComplete(ctx.succeeding(registered -> new BusRequests(vertx.eventBus(), ADDRESS).idempotent("get", new JsonObject(), 30_000)
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(2, reply.getInteger("answer"));
        ctx.completeNow();
      })))));
  }

  @Test
  void anIdempotentRequestWaitsBrieflyForALeaderToTakeOver(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      new BusRequests(vertx.eventBus(), ADDRESS).idempotent("get", new JsonObject(), 30_000)
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals("new leader", reply.getString("from"));
          ctx.completeNow();
        })));
      // no controller for 500 ms, then one takes over
      vertx.setTimer(500, id -> vertx.eventBus().<JsonObject>consumer(ADDRESS,
        m -> m.reply(new JsonObject().put("from", "new leader"))));
    });
  }

  @Test
  void anyOtherRequestIsSentOnce(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger seen = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> seen.incrementAndGet());
    vertx.runOnContext(v -> new BusRequests(vertx.eventBus(), ADDRESS).request("deploy", new JsonObject(), 4_000)
      .onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertEquals("timeout", PlatError.from(err).code());
        assertEquals(1, seen.get(), "a deploy is never sent twice");
        ctx.completeNow();
      }))));
  }
}
