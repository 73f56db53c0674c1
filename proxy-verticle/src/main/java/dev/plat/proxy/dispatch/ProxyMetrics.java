package dev.plat.proxy.dispatch;

import dev.plat.cluster.LatencyHistogram;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * The proxy's per-function metrics, as Prometheus names them:
 * {@code plat_invocations_total{function,status}} (one per response, the status the client got;
 * 499 when the client left before any), {@code plat_invocation_seconds{function}} (arrival to the
 * end of the response, a histogram with {@link #BUCKETS}), {@code plat_cold_starts_total{function}}
 * (activations this proxy asked for), {@code plat_ejections_total{function}} (instances of the
 * function this proxy left out of its balancing after a failed connection, {@link Ejector}), and the gauges {@code plat_queue_depth{function}} and
 * {@code plat_in_flight{function}}.
 *
 * <p>Beside them, with or without a registry, each function has a {@link LatencyWindow}: its
 * invocations of the last minute and their latencies, for the statistics the proxy publishes to the
 * controller (the function status' {@code metrics}).
 *
 * <p>The meters of a function are built once and held by its state, the counter of a status once
 * per status: recording is an array read, an increment and a timer update, no tags built, plus one
 * increment in the window. Without a registry only the window records.
 */
final class ProxyMetrics {
  static final String INVOCATIONS = "plat.invocations";
  static final String LATENCY = "plat.invocation";
  static final String COLD_STARTS = "plat.cold.starts";
  static final String EJECTIONS = "plat.ejections";
  static final String QUEUE_DEPTH = "plat.queue.depth";
  static final String IN_FLIGHT = "plat.in.flight";
  static final String FUNCTION = "function";
  static final String STATUS = "status";
  /** The latency histogram's buckets: from a warm in-memory answer to a slow cold start. */
  static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
  /** Status codes 100-599 each have a counter; anything else counts as {@code status="other"}. */
  private static final int STATUSES = 600;

  private final MeterRegistry registry;
  private final ToIntFunction<String> queued;
  private final ToIntFunction<String> inFlight;
  private final Map<String, Meters> functions = new ConcurrentHashMap<>();
  private final LongSupplier clockMs;
  private final int stripes = LatencyWindow.defaultStripes();

  /**
   * @param registry where the meters go; {@code null}: none, every call is a no-op
   * @param queued   a function's queued invocations now, for its gauge
   * @param inFlight a function's invocations at an instance now, for its gauge
   */
  ProxyMetrics(MeterRegistry registry, ToIntFunction<String> queued, ToIntFunction<String> inFlight) {
    this(registry, queued, inFlight, () -> System.nanoTime() / 1_000_000);
  }

  /** @param clockMs the windows' clock (ms, any origin) */
  ProxyMetrics(MeterRegistry registry, ToIntFunction<String> queued, ToIntFunction<String> inFlight,
      LongSupplier clockMs) {
    this.clockMs = clockMs;
    this.registry = registry;
    this.queued = queued;
    this.inFlight = inFlight;
  }

  /** The meters of {@code function}, registered on first use (its gauges and counters start at 0). */
  Meters function(String function) {
    Meters meters = functions.get(function);
    return meters != null ? meters : register(function);
  }

  private synchronized Meters register(String function) {
    return functions.computeIfAbsent(function, name -> registry == null
      ? new Meters(new LatencyWindow(stripes, clockMs.getAsLong()), clockMs)
      : new Meters(registry, name, new LatencyWindow(stripes, clockMs.getAsLong()), clockMs,
      Gauge.builder(QUEUE_DEPTH, () -> queued.applyAsInt(name)).tag(FUNCTION, name)
        .description("Invocations waiting at this proxy for a free instance or a cold start").register(registry),
      Gauge.builder(IN_FLIGHT, () -> inFlight.applyAsInt(name)).tag(FUNCTION, name)
        .description("Invocations this proxy has sent to an instance and not finished").register(registry)));
  }

  /** Removes the meters of a function that does not exist (any longer); a later use registers new ones. */
  synchronized void forget(String function) {
    Meters meters = functions.remove(function);
    if (meters != null && registry != null) {
      meters.removeFrom(registry);
    }
  }

  /** One function's meters. */
  static final class Meters {
    private final MeterRegistry registry;
    private final String function;
    private final Timer latency;
    private final Counter coldStarts;
    private final Counter ejections;
    private final Gauge queueDepth;
    private final Gauge inFlight;
    private final AtomicReferenceArray<Counter> byStatus;
    private final LatencyWindow window;
    private final LongSupplier clockMs;
    /** Taken out of the registry: later recordings are dropped rather than registering again. */
    private volatile boolean removed;

    /** No registry: the window only. */
    private Meters(LatencyWindow window, LongSupplier clockMs) {
      this.window = window;
      this.clockMs = clockMs;
      this.registry = null;
      this.function = null;
      this.latency = null;
      this.coldStarts = null;
      this.ejections = null;
      this.queueDepth = null;
      this.inFlight = null;
      this.byStatus = null;
    }

    private Meters(MeterRegistry registry, String function, LatencyWindow window, LongSupplier clockMs,
        Gauge queueDepth, Gauge inFlight) {
      this.window = window;
      this.clockMs = clockMs;
      this.registry = registry;
      this.function = function;
      this.queueDepth = queueDepth;
      this.inFlight = inFlight;
      this.latency = Timer.builder(LATENCY).tag(FUNCTION, function).serviceLevelObjectives(BUCKETS)
        .description("Invocations from arrival at the proxy to the end of the response").register(registry);
      this.coldStarts = Counter.builder(COLD_STARTS).tag(FUNCTION, function)
        .description("Activations (cold starts or resumes) this proxy asked the controller for").register(registry);
      this.ejections = Counter.builder(EJECTIONS).tag(FUNCTION, function)
        .description("Instances this proxy left out of its balancing after a connection failed before any answer")
        .register(registry);
      this.byStatus = new AtomicReferenceArray<>(STATUSES);
    }

    /** One invocation answered with {@code status} after {@code nanos}. */
    void record(int status, long nanos) {
      window.record(nanos);
      if (registry == null || removed) {
        return;
      }
      counter(status).increment();
      latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The invocations of the last minute and their latencies ({@link LatencyWindow}). */
    LatencyHistogram lastMinute() {
      return window.snapshot(clockMs.getAsLong());
    }

    /** The proxy asked for an activation. */
    void coldStart() {
      if (coldStarts != null) {
        coldStarts.increment();
      }
    }

    /** The proxy ejected an instance of the function. */
    void ejected() {
      if (ejections != null && !removed) {
        ejections.increment();
      }
    }

    private Counter counter(int status) {
      int slot = status >= 100 && status < STATUSES ? status : 0;
      Counter counter = byStatus.get(slot);
      if (counter == null) {
        // a race registers the same meter twice: the registry hands back the one it has
        counter = Counter.builder(INVOCATIONS).tag(FUNCTION, function)
          .tag(STATUS, slot == 0 ? "other" : Integer.toString(slot))
          .description("Invocations answered, by the HTTP status the client got (499: the client left first)")
          .register(registry);
        byStatus.set(slot, counter);
      }
      return counter;
    }

    private void removeFrom(MeterRegistry registry) {
      removed = true;
      for (Meter meter : new Meter[] {latency, coldStarts, ejections, queueDepth, inFlight}) {
        registry.remove(meter);
      }
      for (int i = 0; i < byStatus.length(); i++) {
        Counter counter = byStatus.get(i);
        if (counter != null) {
          registry.remove(counter);
        }
      }
    }
  }
}
