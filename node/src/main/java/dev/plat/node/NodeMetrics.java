package dev.plat.node;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.List;
import java.util.UUID;

/**
 * The node's one Prometheus registry: Vert.x records its own metrics there ({@code vertx_*}: HTTP
 * server and client, event bus, worker and named pools; {@code jvm_*}), the proxy and the controller
 * theirs ({@code plat_*}), and the gateway serves its {@link #scrape()} at {@code /metrics}.
 *
 * <p>Labels of Vert.x's metrics are its defaults: HTTP method and status code, pool type and name,
 * event-bus side. No request path or remote address, so the series stay bounded whatever the
 * traffic. The HTTP client pools to function instances (one per instance socket, named by its path)
 * share one pool name, {@value #INSTANCE_POOLS}.
 */
public final class NodeMetrics {
  /** The {@code pool_name} of every HTTP client pool to an instance's socket. */
  public static final String INSTANCE_POOLS = "function-instances";
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerMetricsOptions options;

  /** A registry of its own, set up as Vert.x's metrics backend for {@link #enable}d options. */
  public NodeMetrics() {
    // A name of its own: Vert.x keeps backends by name, per JVM; tests run several nodes in one.
    options = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
      .setRegistryName("plat-" + UUID.randomUUID())
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
      .setLabelMatches(List.of(new Match().setDomain(MetricsDomain.NAMED_POOLS).setLabel(Label.POOL_NAME.toString())
        .setType(MatchType.REGEX).setValue(".*/fn\\.sock").setAlias(INSTANCE_POOLS)));
    // Vert.x's metrics factory (found on the class path when Vert.x starts) looks the backend up by
    // that name: registered here first, it records into this registry instead of making its own.
    BackendRegistries.setupBackend(options, registry);
  }

  /** {@code base} with this registry's metrics enabled. */
  public VertxOptions enable(VertxOptions base) {
    return new VertxOptions(base).setMetricsOptions(options);
  }

  /** The registry the roles record into. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Everything recorded, in the Prometheus text format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }
}
