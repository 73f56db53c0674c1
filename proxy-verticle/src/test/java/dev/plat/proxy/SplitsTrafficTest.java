package dev.plat.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.api.TrafficSplit;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A function whose traffic is split: each request goes to the key its draw names ({@code hello} for
 * the current version 2, {@code hello@v1} for version 1); {@code /function/hello@v1} reaches version 1
 * and {@code /function/hello@v2} the current one, whatever the split.
 */
class SplitsTrafficTest extends ProxyTestBase {
  private final FunctionDirectory directory = FunctionDirectory.inMemory();

  @Override
  FunctionDirectory directory() {
    return directory;
  }

  private Future<Void> twoVersions() {
    directory.put(new FunctionDirectory.Entry("hello", false, List.of())
      .withTraffic(2, new TrafficSplit("hello", 2, Map.of(1L, 50, 2L, 50))));
    return Origin.start(vertx, req -> req.response().end("one"))
      .compose(one -> route("hello@v1", "i-1", one))
      .compose(v -> Origin.start(vertx, req -> req.response().end("two")))
      .compose(two -> route("hello", "i-2", two));
  }

  private Future<Map<String, Integer>> count(int n, Map<String, Integer> counts) {
    if (n == 0) {
      return Future.succeededFuture(counts);
    }
    return get("/function/hello/").compose(r -> {
      counts.merge(r.body().toString(), 1, Integer::sum);
      return count(n - 1, counts);
    });
  }

  @Test
  void sharesTheRequestsAmongTheVersionsKeys(VertxTestContext ctx) {
    onContext(() -> twoVersions().compose(v -> count(200, new TreeMap<>())))
      .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
        assertEquals(200, counts.getOrDefault("one", 0) + counts.getOrDefault("two", 0), counts.toString());
        // 50/50 over 200: each side above 60 unless something is off by far (p < 1e-5)
        assertTrue(counts.getOrDefault("one", 0) > 60 && counts.getOrDefault("two", 0) > 60, counts.toString());
        assertEquals(counts.get("one"), (int) stats("hello@v1").requests());
        ctx.completeNow();
      })));
  }

  @Test
  void anAddressedVersionIsServedByItsKeyAndTheCurrentOneByTheName(VertxTestContext ctx) {
    onContext(() -> twoVersions()
      .compose(v -> get("/function/hello@v1/"))
      .compose(one -> get("/function/hello@v2/").map(two -> List.of(one.body().toString(), two.body().toString()))))
      .onComplete(ctx.succeeding(bodies -> ctx.verify(() -> {
        assertEquals(List.of("one", "two"), bodies);
        ctx.completeNow();
      })));
  }

  @Test
  void aNameThatIsNotAVersionKeyIsRefused(VertxTestContext ctx) {
    onContext(() -> get("/function/hello@3/"))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(400, r.status());
        ctx.completeNow();
      })));
  }
}
