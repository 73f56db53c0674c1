package dev.plat.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: this node's metrics in the Prometheus text format, version 0.0.4. The
 * scrape (the registry walks every meter) runs on a worker thread, never on the event loop.
 */
public final class MetricsHandler implements Handler<RoutingContext> {
  /** The Content-Type of the Prometheus text format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Supplier<String> scrape;

  /** @param scrape the metrics as Prometheus text, e.g. {@code PrometheusMeterRegistry::scrape} */
  public MetricsHandler(Supplier<String> scrape) {
    this.scrape = scrape;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.vertx().executeBlocking(scrape::get, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ctx.response().closed()) {
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(ar.result());
      }
    });
  }
}
