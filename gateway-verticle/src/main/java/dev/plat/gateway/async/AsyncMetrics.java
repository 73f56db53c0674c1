package dev.plat.gateway.async;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The asynchronous invocations' metrics, per function: {@code plat_async_queue_depth} and
 * {@code plat_async_oldest_queued_seconds} (the cluster's queue as this node's worker last saw it),
 * {@code plat_async_retries_total} and {@code plat_async_failures_total} (attempts this node ran),
 * {@code plat_async_succeeded_total}.
 */
public final class AsyncMetrics implements AsyncWorker.Listener {
  private final MeterRegistry registry;
  /** function -> {depth, oldest age in seconds}. */
  private final Map<String, double[]> queues = new ConcurrentHashMap<>();

  public AsyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void retried(AsyncInvocation invocation) {
    counter("plat_async_retries_total", "Attempts of asynchronous invocations that failed and will be tried again",
      invocation.function()).increment();
  }

  @Override
  public void finished(AsyncInvocation invocation) {
    boolean failed = AsyncInvocation.FAILED.equals(invocation.state());
    counter(failed ? "plat_async_failures_total" : "plat_async_succeeded_total",
      failed ? "Asynchronous invocations that ended failed" : "Asynchronous invocations that ended succeeded",
      invocation.function()).increment();
  }

  @Override
  public void queue(List<InvocationSummary> queued, long now) {
    Map<String, double[]> seen = new HashMap<>();
    for (InvocationSummary i : queued) {
      double[] q = seen.computeIfAbsent(i.function(), f -> new double[2]);
      q[0]++;
      q[1] = Math.max(q[1], (now - i.createdAt()) / 1000.0);
    }
    queues.forEach((function, q) -> {
      if (!seen.containsKey(function)) {
        q[0] = 0;
        q[1] = 0;
      }
    });
    seen.forEach((function, q) -> {
      double[] held = queues.computeIfAbsent(function, this::register);
      held[0] = q[0];
      held[1] = q[1];
    });
  }

  private double[] register(String function) {
    double[] q = new double[2];
    Gauge.builder("plat_async_queue_depth", q, v -> v[0]).tag("function", function)
      .description("Asynchronous invocations queued (the cluster's queue)").register(registry);
    Gauge.builder("plat_async_oldest_queued_seconds", q, v -> v[1]).tag("function", function)
      .description("Age of the oldest queued asynchronous invocation").register(registry);
    return q;
  }

  private Counter counter(String name, String help, String function) {
    return Counter.builder(name).description(help).tag("function", function).register(registry);
  }
}
