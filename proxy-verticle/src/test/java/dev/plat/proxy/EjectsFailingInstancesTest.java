package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.Route;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Outlier ejection against real sockets: one function with two instances, one of them dead. Every
 * request succeeds, and the dead one is tried once per ejection (an hour here, so once in the
 * test) instead of on every other request.
 */
class EjectsFailingInstancesTest extends ProxyTestBase {
  private static final int REQUESTS = 20;
  /** A container no process of this JVM is in: connections to a socket it "serves" are refused unused. */
  private static final String CONTAINER = "4f1c9a0e2b7d8c6a5e3f1b0d9c8a7e6f5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a";
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @Override
  ProxyOptions options() {
    // a request every instance refused waits this long for the routes to change, then answers 502
    return new ProxyOptions().setEjectionSeconds(3600).setActivationTimeoutMs(300);
  }

  @Override
  MeterRegistry registry() {
    return registry;
  }

  private Future<FakeFunction> live() {
    return FakeFunction.start(vertx, (so, n, head) -> so.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")));
  }

  /** {@code count} requests one after the other; their statuses. */
  private Future<List<Integer>> sequential(String uri, int count) {
    List<Integer> statuses = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> get(uri).map(r -> {
        statuses.add(r.status());
        return null;
      }));
    }
    return chain.map(statuses);
  }

  private double ejections(String function) {
    return registry.get("plat.ejections").tag("function", function).counter().count();
  }

  @Test
  void triesAnInstanceWhoseSocketIsNotItsOwnOncePerEjection(VertxTestContext ctx) {
    live().compose(good -> FakeFunction.start(vertx, (so, n, head) -> so.write(Buffer.buffer("HTTP/1.1 200 OK\r\n\r\n")))
      .compose(dead -> routes.put(new Route("f", "dead", 1, NODE, dead.socket.toString(), null, 0, 0, CONTAINER))
        .compose(v -> routes.put(new Route("f", "good", 1, NODE, good.socket.toString(), null)))
        .compose(v -> sequential("/function/f/", REQUESTS))
        .map(statuses -> {
          ctx.verify(() -> {
            assertEquals(REQUESTS, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(1, dead.connections.get(), "connections to the dead instance");
            assertEquals(0, dead.bytes.get());
            assertEquals(REQUESTS, good.requests.get());
            assertEquals(1.0, ejections("f"));
          });
          return null;
        })))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRefusedSocketIsEjectedAndTheRetryGoesToTheOtherInstance(VertxTestContext ctx) {
    String nothingListens = Origin.newSocketPath().toString();
    live().compose(good -> routes.put(new Route("g", "dead", 1, NODE, nothingListens, null))
        .compose(v -> routes.put(new Route("g", "good", 1, NODE, good.socket.toString(), null)))
        .compose(v -> sequential("/function/g/", REQUESTS))
        .map(statuses -> {
          ctx.verify(() -> {
            assertEquals(REQUESTS, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(REQUESTS, good.requests.get());
            assertEquals(1.0, ejections("g"), "one ejection: no attempt on it counted a second");
          });
          return null;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aLoneDeadInstanceIsStillTriedAndAnswers502OnceTheRoutesStayedTheSameForTheActivationTimeout(VertxTestContext ctx) {
    String nothingListens = Origin.newSocketPath().toString();
    routes.put(new Route("h", "dead", 1, NODE, nothingListens, null))
      .compose(v -> sequential("/function/h/", 3))
      .onComplete(ctx.succeeding(statuses -> ctx.verify(() -> {
        assertEquals(List.of(502, 502, 502), statuses);
        assertEquals(1.0, ejections("h"));
        ctx.completeNow();
      })));
  }
}
