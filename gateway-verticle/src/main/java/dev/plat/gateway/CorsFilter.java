package dev.plat.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * CORS for browser clients served from other origins (config {@code corsOrigins}; {@code *} for
 * any): preflights are answered before auth, other origins get 403. Requests without an
 * {@code Origin} or from the gateway's own origin (the built-in dashboard, its WebSocket) pass
 * untouched, since they need no CORS.
 */
public final class CorsFilter implements Handler<RoutingContext> {
  private final CorsHandler cors;

  public CorsFilter(List<String> origins, Set<String> allowedHeaders) {
    CorsHandler handler = origins.contains("*") ? CorsHandler.create() : CorsHandler.create().addOrigins(origins);
    this.cors = handler
      .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS))
      .allowedHeaders(allowedHeaders)
      .maxAgeSeconds(600);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null || isSameOrigin(ctx.request(), origin)) {
      ctx.next();
    } else {
      cors.handle(ctx);
    }
  }

  private static boolean isSameOrigin(HttpServerRequest request, String origin) {
    return request.authority() != null && origin.equalsIgnoreCase(request.scheme() + "://" + request.authority());
  }
}
