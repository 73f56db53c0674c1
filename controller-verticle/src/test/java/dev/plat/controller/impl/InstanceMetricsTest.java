package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceMetricsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final InstanceMetrics metrics = new InstanceMetrics(registry);

  private static FunctionState function(String name, Instance.State... states) {
    FunctionSpec spec = new FunctionSpec(name, "python-flask", 1, "img/" + name + ":1", "sha256:x", Map.of(),
      null, null, null, null, false, null, List.of(), 1, 1);
    FunctionState fs = new FunctionState(new FunctionRecord(spec, FunctionRecord.Desired.RUNNING),
      new CrashTracker(1_000, 30_000, 5, 120_000));
    int n = 0;
    for (Instance.State state : states) {
      Instance instance = new Instance(name + "-" + n++, name, 1, "fp", "node-a", "/s/" + name + n);
      instance.state(state);
      fs.add(instance);
    }
    return fs;
  }

  @Test
  void countsEachFunctionsInstancesPerStateZerosIncluded() {
    metrics.refresh(List.of(function("shop", Instance.State.READY, Instance.State.READY, Instance.State.STARTING),
      function("idle", Instance.State.PAUSED), function("zero")));

    String scrape = registry.scrape();
    assertTrue(scrape.contains("plat_instances{function=\"shop\",state=\"ready\"} 2.0"), scrape);
    assertTrue(scrape.contains("plat_instances{function=\"shop\",state=\"starting\"} 1.0"), scrape);
    assertTrue(scrape.contains("plat_instances{function=\"shop\",state=\"paused\"} 0.0"), scrape);
    assertTrue(scrape.contains("plat_instances{function=\"idle\",state=\"paused\"} 1.0"), scrape);
    assertTrue(scrape.contains("plat_instances{function=\"zero\",state=\"ready\"} 0.0"), scrape);
    assertTrue(scrape.contains("plat_instances{function=\"zero\",state=\"crashed\"} 0.0"), scrape);
  }

  @Test
  void aRefreshUpdatesTheCountsAndDropsFunctionsNoLongerRegistered() {
    FunctionState shop = function("shop", Instance.State.STARTING);
    FunctionState gone = function("gone", Instance.State.READY);
    metrics.refresh(List.of(shop, gone));
    shop.instances().forEach(i -> i.state(Instance.State.READY));
    gone.record(null);
    metrics.refresh(List.of(shop, gone));

    String scrape = registry.scrape();
    assertTrue(scrape.contains("plat_instances{function=\"shop\",state=\"ready\"} 1.0"), scrape);
    assertTrue(scrape.contains("plat_instances{function=\"shop\",state=\"starting\"} 0.0"), scrape);
    assertFalse(scrape.contains("function=\"gone\""), "a deleted function has no series:\n" + scrape);

    metrics.refresh(List.of());
    assertFalse(registry.scrape().contains("plat_instances{"), registry::scrape);
  }

  @Test
  void clearRemovesEverySeries() {
    metrics.refresh(List.of(function("shop", Instance.State.READY)));
    metrics.clear();
    assertFalse(registry.scrape().contains("plat_instances{"), registry::scrape);
  }

  @Test
  void withoutARegistryRefreshIsANoOp() {
    InstanceMetrics none = new InstanceMetrics(null);
    none.refresh(List.of(function("shop", Instance.State.READY)));
    none.clear();
    assertFalse(registry.scrape().contains("plat_instances"));
  }
}
