package dev.plat.gateway;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.IntSupplier;

/**
 * The plain-HTTP port beside HTTPS ({@code httpRedirectPort}): every request is answered
 * {@code 308 Permanent Redirect} to the same host, path and query on HTTPS (method and body kept by
 * clients that follow it). A request without a Host cannot be redirected: 400 JSON.
 */
final class HttpsRedirect implements Handler<HttpServerRequest> {
  private final IntSupplier httpsPort;

  /** @param httpsPort the HTTPS port the redirects name (443 is left out of the URL) */
  HttpsRedirect(IntSupplier httpsPort) {
    this.httpsPort = httpsPort;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String host = request.authority() == null ? null : request.authority().host();
    if (host == null || host.isEmpty()) {
      JsonFailureHandler.write(request, PlatError.badRequest("bad_request", "a Host header is needed to redirect to HTTPS"));
      return;
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    int port = httpsPort.getAsInt();
    String location = "https://" + host + (port == 443 ? "" : ":" + port) + request.uri();
    if (!request.isEnded()) {
      request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      request.handler(chunk -> { });
    }
    request.response().setStatusCode(308).putHeader(HttpHeaders.LOCATION, location).end();
  }
}
