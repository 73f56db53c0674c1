package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Route;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancesAndLimitsTest extends ProxyTestBase {

  @Override
  ProxyOptions options() {
    // a request every instance refused waits this long for the routes to change
    return new ProxyOptions().setQueueSize(1).setActivationTimeoutMs(1_000);
  }

  /** An origin that holds every request until the test answers it. */
  private Future<Origin> holding() {
    return Origin.start(vertx, req -> { });
  }

  private static void answer(HttpServerRequest req, String body) {
    req.response().end(body);
  }

  @Test
  void sendsEachRequestToTheInstanceWithFewestOutstanding(VertxTestContext ctx) {
    List<Origin> o = new ArrayList<>();
    List<Future<Reply>> replies = new ArrayList<>();
    holding().compose(a -> {
      o.add(a);
      return holding();
    }).compose(b -> {
      o.add(b);
      return route("lo", "i-a", o.get(0)).compose(v -> route("lo", "i-b", o.get(1)));
    }).compose(v -> sendAndWait(replies, o, 1))
      .compose(v -> sendAndWait(replies, o, 2))
      .compose(v -> {
        ctx.verify(() -> assertEquals(List.of(1, 1), List.of(o.get(0).count(), o.get(1).count())));
        return sendAndWait(replies, o, 3).compose(x -> sendAndWait(replies, o, 4));
      })
      .compose(v -> {
        ctx.verify(() -> assertEquals(List.of(2, 2), List.of(o.get(0).count(), o.get(1).count())));
        o.get(0).received.forEach(req -> answer(req, "a"));
        return until(() -> replies.stream().filter(Future::isComplete).count() == 2);
      })
      .compose(v -> sendAndWait(replies, o, 5).compose(x -> sendAndWait(replies, o, 6)))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertEquals(List.of(4, 2), List.of(o.get(0).count(), o.get(1).count()));
        assertEquals(6, stats("lo").requests());
        assertEquals(4, stats("lo").inFlight());
        ctx.completeNow();
      })));
  }

  private Future<Void> sendAndWait(List<Future<Reply>> replies, List<Origin> origins, int total) {
    replies.add(get("/function/lo/"));
    return until(() -> origins.stream().mapToInt(Origin::count).sum() == total);
  }

  @Test
  void queuesBeyondTheConcurrencyLimitAndRefusesWith429WhenTheQueueIsFull(VertxTestContext ctx) {
    Origin[] origin = new Origin[1];
    Future<Reply>[] first = new Future[2];
    holding().compose(o -> {
      origin[0] = o;
      return routes.put(new Route("busy", "i1", 1, NODE, o.socket.toString(), null, 1, 0));
    }).compose(v -> {
      first[0] = get("/function/busy/1");
      return until(() -> origin[0].count() == 1);
    }).compose(v -> {
      first[1] = get("/function/busy/2");
      return until(() -> stats("busy").queued() == 1);
    }).compose(v -> get("/function/busy/3"))
      .compose(refused -> {
        ctx.verify(() -> {
          assertEquals(429, refused.status());
          assertEquals("too_many_requests", refused.json().getString("code"));
          assertEquals("1", refused.headers().get("Retry-After"));
          assertEquals(1, origin[0].count(), "the queued request must wait for the slot");
        });
        answer(origin[0].received.get(0), "one");
        return first[0];
      })
      .compose(one -> {
        ctx.verify(() -> assertEquals("one", one.body().toString()));
        return until(() -> origin[0].count() == 2);
      })
      .compose(v -> {
        ctx.verify(() -> assertEquals("/2", origin[0].received.get(1).uri()));
        answer(origin[0].received.get(1), "two");
        return first[1];
      })
      .onComplete(ctx.succeeding(two -> ctx.verify(() -> {
        assertEquals("two", two.body().toString());
        assertEquals(new FunctionStats(0, 0, 3), stats("busy"));
        ctx.completeNow();
      })));
  }

  @Test
  void answers504WhenTheFunctionDoesNotAnswerInTime(VertxTestContext ctx) {
    holding().compose(o -> routes.put(new Route("slow", "i1", 1, NODE, o.socket.toString(), null, 0, 1)))
      .compose(v -> get("/function/slow"))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(504, reply.status());
        assertEquals("timeout", reply.json().getString("code"));
        assertEquals(0, stats("slow").inFlight());
        ctx.completeNow();
      })));
  }

  @Test
  void retriesOnAnotherInstanceWhenASocketRefuses(VertxTestContext ctx) throws IOException {
    String missing = Origin.newSocketPath().toString();
    String notASocket = Files.createFile(Origin.newSocketPath()).toString();
    Origin.echo(vertx).compose(good -> routes.put(new Route("r", "i-missing", 1, NODE, missing, null))
        .compose(v -> routes.put(new Route("r", "i-file", 1, NODE, notASocket, null)))
        .compose(v -> route("r", "i-good", good))
        .compose(v -> sequentially(6, () -> get("/function/r/x")))
        .map(statuses -> {
          ctx.verify(() -> {
            assertEquals(List.of(200, 200, 200, 200, 200, 200), statuses);
            assertEquals(6, good.count());
          });
          return null;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRequestEveryInstanceRefusedWaitsForTheRoutesToChange(VertxTestContext ctx) {
    // a node died: its instance's route is still in the table, the replacement's comes a moment later
    routes.put(new Route("moved", "i-dead", 1, NODE, Origin.newSocketPath().toString(), null))
      .compose(v -> Origin.echo(vertx))
      .compose(good -> {
        Future<Reply> reply = get("/function/moved/x");
        return until(() -> stats("moved").queued() == 1)
          .compose(v -> route("moved", "i-new", good))
          .compose(v -> routes.remove("moved", "i-dead"))
          .compose(v -> reply)
          .map(r -> {
            ctx.verify(() -> {
              assertEquals(200, r.status(), r.body().toString());
              assertEquals(1, good.count());
            });
            return null;
          });
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void answers502WhenNoInstanceAcceptsTheConnectionWithinTheActivationTimeout(VertxTestContext ctx) {
    routes.put(new Route("dead", "i1", 1, NODE, Origin.newSocketPath().toString(), null))
      .compose(v -> get("/function/dead"))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(502, reply.status());
        assertEquals("instance_unreachable", reply.json().getString("code"));
        assertEquals(new FunctionStats(0, 0, 1), stats("dead"));
        ctx.completeNow();
      })));
  }

  @Test
  void answers502WhenTheFunctionDropsTheConnection(VertxTestContext ctx) {
    Origin.start(vertx, req -> req.connection().close()).compose(o -> route("drop", "i1", o))
      .compose(v -> get("/function/drop"))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals(502, reply.status());
        assertEquals("upstream_failed", reply.json().getString("code"));
        assertEquals(0, stats("drop").inFlight());
        ctx.completeNow();
      })));
  }

  @Test
  void resendsAGetOnAFreshConnectionWhenAKeptAliveOneWasClosedUnderIt(VertxTestContext ctx) {
    java.util.Map<io.vertx.core.http.HttpConnection, Integer> uses = new java.util.HashMap<>();
    // the function closes every connection at its second request, without answering
    Origin.start(vertx, req -> {
      if (uses.merge(req.connection(), 1, Integer::sum) == 2) {
        req.connection().close();
      } else {
        req.response().end("ok");
      }
    }).compose(o -> route("stale", "i1", o).compose(v -> sequentially(3, () -> get("/function/stale")))
        .map(statuses -> {
          ctx.verify(() -> {
            assertEquals(List.of(200, 200, 200), statuses);
            assertEquals(5, o.count(), "the second and third requests were each sent twice");
          });
          return null;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  private Future<List<Integer>> sequentially(int n, java.util.function.Supplier<Future<Reply>> call) {
    List<Integer> statuses = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < n; i++) {
      chain = chain.compose(v -> call.get().map(r -> {
        statuses.add(r.status());
        return null;
      }));
    }
    return chain.map(v -> {
      assertTrue(statuses.size() == n);
      return statuses;
    });
  }
}
