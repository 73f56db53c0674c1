package dev.plat.proxy.downstream;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Error responses of the data plane: JSON {@code {"error","code"}} with the request id. */
public final class ErrorResponses {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private ErrorResponses() {
  }

  /**
   * Ends the response of {@code req} with {@code error}; an unread request body is discarded and
   * the connection closed after the response, so a large upload is not read for nothing.
   */
  public static void send(HttpServerRequest req, PlatError error, String requestId, String retryAfter) {
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) {
      return;
    }
    if (resp.headWritten()) {
      resp.reset();
      return;
    }
    resp.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    if (requestId != null) {
      resp.putHeader(Names.Header.REQUEST_ID, requestId);
    }
    if (retryAfter != null && error.status() == 429) {
      resp.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
    }
    if (!req.isEnded()) {
      if (hasBody(req) && req.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
        resp.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
      req.handler(null).endHandler(null);
      req.resume();
    }
    resp.end(error.toJson().toBuffer());
  }

  /** Whether the request announces a body (Content-Length above 0 or chunked). */
  static boolean hasBody(HttpServerRequest req) {
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      return !"0".equals(length);
    }
    String te = req.getHeader(HttpHeaders.TRANSFER_ENCODING);
    return te != null && te.regionMatches(true, te.length() - 7, "chunked", 0, 7);
  }
}
