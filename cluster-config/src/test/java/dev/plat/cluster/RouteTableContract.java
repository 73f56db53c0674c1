package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every {@link RouteTable} does; run against the in-memory and the Hazelcast tables. */
@ExtendWith(VertxExtension.class)
abstract class RouteTableContract {

  /** The Vert.x the table under test runs on. */
  protected abstract Vertx vertx();

  /** An empty table. */
  protected abstract RouteTable table();

  static Route route(String function, String instance, String node) {
    return new Route(function, instance, 1, node, "/sockets/" + instance + "/fn.sock", "127.0.0.1:8081");
  }

  @Test
  void aPutIsInTheLocalSnapshotWhenItsFutureCompletes(VertxTestContext test) {
    Route a = route("fn", "i-1", "n1");
    table().put(a).onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals(List.of(a), table().routes("fn"));
      assertEquals(Map.of("fn", List.of(a)), table().snapshot());
      test.completeNow();
    })));
  }

  @Test
  void aPutReplacesTheRouteOfTheSameInstance(VertxTestContext test) {
    Route v1 = route("fn", "i-1", "n1");
    Route v2 = new Route("fn", "i-1", 2, "n1", v1.socket(), v1.proxy());
    table().put(v1).compose(v -> table().put(v2)).onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals(List.of(v2), table().routes("fn"));
      test.completeNow();
    })));
  }

  @Test
  void routesAreGroupedByFunctionAndSortedByInstance(VertxTestContext test) {
    Route b = route("fn", "i-b", "n1");
    Route a = route("fn", "i-a", "n2");
    Route other = route("other", "i-c", "n1");
    Future.all(table().put(b), table().put(other), table().put(a)).onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals(List.of(a, b), table().routes("fn"));
      assertEquals(Map.of("fn", List.of(a, b), "other", List.of(other)), table().snapshot());
      assertEquals(List.of(), table().routes("missing"));
      test.completeNow();
    })));
  }

  @Test
  void aRemoveTakesTheRouteOutAndDropsAFunctionLeftWithoutRoutes(VertxTestContext test) {
    Route a = route("fn", "i-1", "n1");
    Route b = route("fn", "i-2", "n1");
    Future.all(table().put(a), table().put(b))
      .compose(v -> table().remove("fn", "i-1"))
      .onComplete(test.succeeding(v -> test.verify(() -> assertEquals(List.of(b), table().routes("fn")))))
      .compose(v -> table().remove("fn", "i-2"))
      .onComplete(test.succeeding(v -> test.verify(() -> {
        assertEquals(Map.of(), table().snapshot());
        test.completeNow();
      })));
  }

  @Test
  void removingAnUnknownInstanceSucceeds(VertxTestContext test) {
    table().remove("fn", "nope").onComplete(test.succeedingThenComplete());
  }

  @Test
  void removeNodeRemovesOnlyTheRoutesOfThatNode(VertxTestContext test) {
    Route a = route("fn", "i-1", "gone");
    Route b = route("fn", "i-2", "stays");
    Route c = route("other", "i-3", "gone");
    Future.all(table().put(a), table().put(b), table().put(c))
      .compose(v -> table().removeNode("gone"))
      .onComplete(test.succeeding(v -> test.verify(() -> {
        assertEquals(Map.of("fn", List.of(b)), table().snapshot());
        test.completeNow();
      })));
  }

  @Test
  void aSnapshotIsImmutableAndKeepsItsContentAfterLaterWrites(VertxTestContext test) {
    Route a = route("fn", "i-1", "n1");
    table().put(a).onComplete(test.succeeding(v -> {
      Map<String, List<Route>> before = table().snapshot();
      test.verify(() -> {
        assertThrows(UnsupportedOperationException.class, () -> before.put("x", List.of()));
        assertThrows(UnsupportedOperationException.class, () -> before.get("fn").add(a));
      });
      table().put(route("fn", "i-2", "n1")).onComplete(test.succeeding(w -> test.verify(() -> {
        assertEquals(Map.of("fn", List.of(a)), before);
        assertEquals(2, table().routes("fn").size());
        test.completeNow();
      })));
    }));
  }

  @Test
  void listenersRunOnTheContextThatRegisteredThem(VertxTestContext test) {
    Context context = vertx().getOrCreateContext();
    context.runOnContext(v -> {
      table().onChange(() -> test.verify(() -> {
        assertSame(context, Vertx.currentContext());
        assertTrue(Context.isOnEventLoopThread());
        assertEquals(1, table().routes("fn").size());
        test.completeNow();
      }));
      table().put(route("fn", "i-1", "n1"));
    });
  }

  @Test
  void aWriteThatChangesNothingCallsNoListener(VertxTestContext test) {
    Context context = vertx().getOrCreateContext();
    AtomicInteger calls = new AtomicInteger();
    Route a = route("fn", "i-1", "n1");
    context.runOnContext(v -> {
      table().onChange(calls::incrementAndGet);
      table().put(a).compose(x -> table().put(a)).compose(x -> table().remove("fn", "nope"))
        .compose(x -> table().put(route("fn", "i-2", "n1")))
        .onComplete(test.succeeding(x -> context.runOnContext(y -> test.verify(() -> {
          assertEquals(2, calls.get());
          test.completeNow();
        }))));
    });
  }
}
