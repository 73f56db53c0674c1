package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  private static final long US = 1_000;

  @Test
  void bucketsAreContiguousAndAtMostAQuarterWide() {
    assertEquals(0, LatencyHistogram.bucket(-5));
    assertEquals(0, LatencyHistogram.bucket(999));
    assertEquals(1, LatencyHistogram.bucket(US));
    assertEquals(4, LatencyHistogram.bucket(4 * US));
    assertEquals(7, LatencyHistogram.bucket(7 * US));
    assertEquals(8, LatencyHistogram.bucket(8 * US));
    assertEquals(8, LatencyHistogram.bucket(9 * US));
    assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucket(Long.MAX_VALUE));
    assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucket((1L << 31) * US));
    assertEquals(LatencyHistogram.BUCKETS - 2, LatencyHistogram.bucket(((1L << 31) - 1) * US));
    for (int b = 1; b < LatencyHistogram.BUCKETS; b++) {
      long lower = LatencyHistogram.lowerMicros(b);
      assertEquals(LatencyHistogram.lowerMicros(b - 1) + LatencyHistogram.widthMicros(b - 1), lower, "bucket " + b);
      assertEquals(b, LatencyHistogram.bucket(lower * US), "lower bound of " + b);
      assertEquals(b - 1, LatencyHistogram.bucket(lower * US - 1), "just below " + b);
      assertTrue(LatencyHistogram.widthMicros(b) * 4 <= Math.max(4, lower), "width of " + b);
    }
  }

  @Test
  void theP95IsWithinHalfABucketOfTheExactOne() {
    Random random = new Random(42);
    for (int run = 0; run < 50; run++) {
      int n = 1 + random.nextInt(2000);
      long[] values = new long[n];
      long[] counts = new long[LatencyHistogram.BUCKETS];
      for (int i = 0; i < n; i++) {
        values[i] = (long) Math.exp(random.nextDouble() * Math.log(TimeUnit.SECONDS.toNanos(10)));
        counts[LatencyHistogram.bucket(values[i])]++;
      }
      java.util.Arrays.sort(values);
      double exact = values[(int) Math.ceil(0.95 * n) - 1] / 1000.0;
      double p95 = LatencyHistogram.of(counts).quantileMicros(0.95);
      assertTrue(Math.abs(p95 - exact) <= Math.max(1, exact * 0.125), "n " + n + ": " + p95 + " vs " + exact);
    }
  }

  @Test
  void oneInvocationIsItsBucketsMiddle() {
    long[] counts = new long[LatencyHistogram.BUCKETS];
    counts[LatencyHistogram.bucket(TimeUnit.MILLISECONDS.toNanos(100))] = 1;
    double p95 = LatencyHistogram.of(counts).quantileMicros(0.95);
    assertTrue(p95 > 90_000 && p95 < 110_000, Double.toString(p95));
    assertTrue(Double.isNaN(LatencyHistogram.EMPTY.quantileMicros(0.95)));
  }

  @Test
  void histogramsOfSeveralProxiesAddUpExactly() {
    long[] a = new long[LatencyHistogram.BUCKETS];
    long[] b = new long[LatencyHistogram.BUCKETS];
    long[] both = new long[LatencyHistogram.BUCKETS];
    for (int i = 0; i < 95; i++) {
      a[LatencyHistogram.bucket(TimeUnit.MILLISECONDS.toNanos(2))]++;
      both[LatencyHistogram.bucket(TimeUnit.MILLISECONDS.toNanos(2))]++;
    }
    for (int i = 0; i < 5; i++) {
      b[LatencyHistogram.bucket(TimeUnit.MILLISECONDS.toNanos(800))]++;
      both[LatencyHistogram.bucket(TimeUnit.MILLISECONDS.toNanos(800))]++;
    }
    LatencyHistogram sum = LatencyHistogram.of(a).plus(LatencyHistogram.of(b));
    assertEquals(LatencyHistogram.of(both), sum);
    assertEquals(100, sum.total());
    // rank 95 is the last 2 ms one; a max of the proxies' p95s would say 800 ms
    assertTrue(sum.quantileMicros(0.95) < 2_600, Double.toString(sum.quantileMicros(0.95)));
    assertTrue(sum.quantileMicros(0.96) > 600_000);
    assertSame(sum, sum.plus(LatencyHistogram.EMPTY));
  }

  @Test
  void travelsAsBucketCountPairs() {
    long[] counts = new long[LatencyHistogram.BUCKETS];
    counts[3] = 2;
    counts[40] = 7;
    LatencyHistogram h = LatencyHistogram.of(counts);
    assertEquals(new JsonArray().add(3).add(2L).add(40).add(7L), h.toJson());
    assertEquals(h, LatencyHistogram.fromJson(new JsonArray(h.toJson().encode())));
    assertSame(LatencyHistogram.EMPTY, LatencyHistogram.fromJson(null));
    assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.fromJson(new JsonArray().add(1)));
    assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.fromJson(new JsonArray().add(500).add(1)));
    assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.fromJson(new JsonArray().add(1).add(-1)));
    assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.fromJson(new JsonArray().add("x").add(1)));
  }
}
