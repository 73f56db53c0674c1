package dev.plat.proxy.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyMetricsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Integer> queued = new HashMap<>();
  private final Map<String, Integer> inFlight = new HashMap<>();
  private final ProxyMetrics metrics = new ProxyMetrics(registry,
    name -> queued.getOrDefault(name, 0), name -> inFlight.getOrDefault(name, 0));

  @Test
  void countsInvocationsPerFunctionAndStatusWithTheirLatency() {
    ProxyMetrics.Meters a = metrics.function("fn-a");
    a.record(200, TimeUnit.MILLISECONDS.toNanos(3));
    a.record(200, TimeUnit.MILLISECONDS.toNanos(30));
    a.record(404, TimeUnit.MILLISECONDS.toNanos(1));
    metrics.function("fn-b").record(503, TimeUnit.SECONDS.toNanos(2));

    String scrape = registry.scrape();
    assertTrue(scrape.contains("plat_invocations_total{function=\"fn-a\",status=\"200\"} 2.0"), scrape);
    assertTrue(scrape.contains("plat_invocations_total{function=\"fn-a\",status=\"404\"} 1.0"), scrape);
    assertTrue(scrape.contains("plat_invocations_total{function=\"fn-b\",status=\"503\"} 1.0"), scrape);
    assertTrue(scrape.contains("plat_invocation_seconds_count{function=\"fn-a\"} 3"), scrape);
    assertTrue(scrape.contains("plat_invocation_seconds_bucket{function=\"fn-a\",le=\"0.005\"} 2"), scrape);
    assertTrue(scrape.contains("plat_invocation_seconds_bucket{function=\"fn-a\",le=\"0.05\"} 3"), scrape);
    assertTrue(scrape.contains("plat_invocation_seconds_bucket{function=\"fn-b\",le=\"1.0\"} 0"), scrape);
    assertTrue(scrape.contains("plat_invocation_seconds_bucket{function=\"fn-b\",le=\"2.5\"} 1"), scrape);
    Timer timer = registry.get("plat.invocation").tag("function", "fn-a").timer();
    assertEquals(34, timer.totalTime(TimeUnit.MILLISECONDS), 0.001);
  }

  @Test
  void buildsTheMetersOfAFunctionAndOfAStatusOnce() {
    ProxyMetrics.Meters first = metrics.function("fn");
    assertSame(first, metrics.function("fn"));
    for (int i = 0; i < 1000; i++) {
      first.record(200, 1_000);
    }
    assertEquals(1, registry.find("plat.invocations").counters().size());
    assertEquals(1000, registry.get("plat.invocations").tags("function", "fn", "status", "200").counter().count());
  }

  @Test
  void aFunctionShowsItsGaugesAndAZeroColdStartCounterBeforeAnyInvocation() {
    queued.put("fn", 7);
    inFlight.put("fn", 3);
    metrics.function("fn").coldStart();
    metrics.function("idle");

    String scrape = registry.scrape();
    assertTrue(scrape.contains("plat_queue_depth{function=\"fn\"} 7.0"), scrape);
    assertTrue(scrape.contains("plat_in_flight{function=\"fn\"} 3.0"), scrape);
    assertTrue(scrape.contains("plat_cold_starts_total{function=\"fn\"} 1.0"), scrape);
    assertTrue(scrape.contains("plat_cold_starts_total{function=\"idle\"} 0.0"), scrape);
    assertTrue(scrape.contains("plat_queue_depth{function=\"idle\"} 0.0"), scrape);
    queued.put("fn", 0);
    assertTrue(registry.scrape().contains("plat_queue_depth{function=\"fn\"} 0.0"), "a gauge reads the proxy now");
  }

  @Test
  void aStatusOutsideHttpsRangeCountsAsOther() {
    metrics.function("fn").record(999, 1);
    metrics.function("fn").record(42, 1);
    assertEquals(2, registry.get("plat.invocations").tags("function", "fn", "status", "other").counter().count());
  }

  @Test
  void aForgottenFunctionLosesItsSeriesAndItsOldMetersRecordNothing() {
    ProxyMetrics.Meters old = metrics.function("ghost");
    old.record(404, 1);
    metrics.forget("ghost");
    old.record(404, 1);
    old.record(500, 1);
    old.coldStart();
    assertFalse(registry.scrape().contains("ghost"), registry::scrape);

    ProxyMetrics.Meters again = metrics.function("ghost");
    assertNotSame(old, again);
    again.record(200, 1);
    String scrape = registry.scrape();
    assertTrue(scrape.contains("plat_invocations_total{function=\"ghost\",status=\"200\"} 1.0"), scrape);
    assertFalse(scrape.contains("status=\"404\""), scrape);
  }

  @Test
  void withoutARegistryOnlyTheLastMinuteRecords() {
    long[] now = {1_000};
    ProxyMetrics none = new ProxyMetrics(null, name -> 1, name -> 1, () -> now[0]);
    ProxyMetrics.Meters meters = none.function("fn");
    assertSame(meters, none.function("fn"));
    meters.record(200, TimeUnit.MILLISECONDS.toNanos(4));
    meters.record(500, TimeUnit.MILLISECONDS.toNanos(4));
    meters.coldStart();
    assertFalse(registry.scrape().contains("plat_"));
    assertEquals(2, meters.lastMinute().total());
    for (int s = 0; s < 67; s++) {
      now[0] += 1_000;
      meters.lastMinute(); // the publisher reads every second
    }
    assertEquals(0, meters.lastMinute().total(), "gone from the window a minute later");
    none.forget("fn");
    assertNotSame(meters, none.function("fn"));
  }

  @Test
  void everyRecordedInvocationIsInTheLastMinuteWithItsLatency() {
    long[] now = {0};
    ProxyMetrics timed = new ProxyMetrics(registry, name -> 0, name -> 0, () -> now[0]);
    ProxyMetrics.Meters m = timed.function("w");
    for (int i = 1; i <= 100; i++) {
      m.record(i % 10 == 0 ? 503 : 200, TimeUnit.MILLISECONDS.toNanos(i));
    }
    now[0] = 30_000;
    dev.plat.cluster.LatencyHistogram h = m.lastMinute();
    assertEquals(100, h.total());
    double p95 = h.quantileMicros(0.95) / 1000;
    assertTrue(Math.abs(p95 - 95) <= 95 * 0.125, "p95 " + p95 + " ms");
  }

  @Test
  void countsEjectionsPerFunction() {
    metrics.function("fn").ejected();
    metrics.function("fn").ejected();
    String scrape = registry.scrape();
    assertTrue(scrape.contains("plat_ejections_total{function=\"fn\"} 2.0"), scrape);
  }
}
