package dev.plat.gateway.invoke;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Set;

/**
 * CORS for invocations ({@code /function/**} and public hosts), with the origins of
 * {@code corsOrigins} ({@code *}: any). For an allowed origin the gateway answers a preflight
 * itself (204, no token needed, the requested headers allowed) and adds
 * {@code Access-Control-Allow-Origin} to an answer that has none of its own; for any other origin
 * it does nothing and the function's own CORS headers are what the browser sees.
 */
final class FunctionCors {
  static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
  static final String MAX_AGE = "600";

  private final boolean any;
  private final Set<String> origins;

  FunctionCors(List<String> origins) {
    this.any = origins.contains("*");
    this.origins = Set.copyOf(origins);
  }

  /** Whether {@code origin} (an {@code Origin} header, or null) gets CORS from the gateway. */
  boolean allows(String origin) {
    return origin != null && (any || origins.contains(origin));
  }

  /** A CORS preflight: {@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}. */
  static boolean isPreflight(HttpServerRequest request) {
    return request.method() == HttpMethod.OPTIONS
      && request.headers().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** Answers the preflight {@code request} from the allowed {@code origin}: 204 with the allow headers. */
  static void preflight(HttpServerRequest request, String origin) {
    HttpServerResponse response = request.response().setStatusCode(204)
      .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
      .putHeader(HttpHeaders.VARY, "Origin")
      .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
      .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    String headers = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
    if (headers != null) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, headers);
    }
    response.end();
  }

  /** {@code Access-Control-Allow-Origin: origin} on {@code response} unless it sets its own. */
  static void allowOrigin(HttpServerResponse response, String origin) {
    response.headersEndHandler(v -> {
      if (!response.headers().contains(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)) {
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.headers().add(HttpHeaders.VARY, "Origin");
      }
    });
  }
}
