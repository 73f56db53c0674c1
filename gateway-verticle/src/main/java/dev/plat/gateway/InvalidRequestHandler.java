package dev.plat.gateway;

import dev.plat.cluster.api.PlatError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The answer to a request Vert.x's HTTP decoder could not read (on the Vert.x path, and on the
 * fast path, which hands what it does not read to that decoder): JSON {@code {"error","code"}}
 * like every other error, then the connection closes (what follows on it cannot be trusted).
 * 414 {@code uri_too_long} for a request line over the limit, 431 {@code headers_too_large} for a
 * head over it, 505 {@code http_version_not_supported} for a version other than HTTP/1.0 and 1.1
 * ({@link VersionCheck}), else 400 {@code malformed_request}.
 */
final class InvalidRequestHandler implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    PlatError error = toError(request.decoderResult().cause());
    request.response().setStatusCode(error.status())
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
      .end(error.toJson().encode())
      .onComplete(done -> request.connection().close());
  }

  static PlatError toError(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new PlatError(414, "uri_too_long", "the request line is longer than the gateway reads");
    }
    if (cause instanceof VersionCheck.UnsupportedVersion) {
      return new PlatError(505, "http_version_not_supported", cause.getMessage() + "; use HTTP/1.1");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new PlatError(431, "headers_too_large", "the request headers are larger than the gateway reads");
    }
    return new PlatError(400, "malformed_request", "the request is not valid HTTP/1.x");
  }
}
