package dev.plat.gateway;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place a failure becomes a response: a {@link PlatError} (directly or through
 * {@link PlatError#from}), the router's own 404/405/413/415, or any exception, always as JSON
 * {@code {"error","code"}} with the matching status. A 401 carries {@code WWW-Authenticate: Bearer}.
 * When the request body was not read to its end the connection is closed after the answer, and
 * what remains of the body is dropped meanwhile so the client can read the answer.
 */
public class JsonFailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(JsonFailureHandler.class.getName());

  @Override
  public void handle(RoutingContext ctx) {
    PlatError error = toError(ctx);
    if (error.status() >= 500) {
      LOG.log(Level.WARNING, ctx.request().method() + " " + ctx.request().path() + " failed: " + error.getMessage(),
        ctx.failure() instanceof PlatError ? null : ctx.failure());
    }
    write(ctx.request(), error);
  }

  /**
   * Answers {@code error} as JSON on {@code request}'s response, unless it has ended; cuts the
   * connection when a response was already streaming. For handlers outside the router too.
   */
  public static void write(HttpServerRequest request, PlatError error) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      // a stream was already going: nothing better to do than to cut it
      request.connection().close();
      return;
    }
    if (error.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"plat\"");
    }
    if (!request.isEnded()) {
      // HTTP/2 has no Connection header (a stream carrying one is reset): the rest of the stream is read and dropped
      if (request.version() != HttpVersion.HTTP_2) {
        response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
      request.handler(chunk -> { });
      request.resume();
    }
    response.setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(error.toJson().encode());
  }

  static PlatError toError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http) {
      return ofStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure instanceof PlatError || failure instanceof ReplyException || (failure != null && ctx.statusCode() < 0)) {
      return PlatError.from(failure);
    }
    return ofStatus(ctx.statusCode(), null);
  }

  private static PlatError ofStatus(int status, String message) {
    return switch (status) {
      case 400 -> new PlatError(400, "bad_request", or(message, "the request is not valid"));
      case 401 -> new PlatError(401, "unauthorized", or(message, "a bearer token is required"));
      case 403 -> new PlatError(403, "forbidden", or(message, "not allowed"));
      case 404 -> new PlatError(404, "not_found", or(message, "no such route"));
      case 405 -> new PlatError(405, "method_not_allowed", or(message, "the route does not take this method"));
      case 413 -> new PlatError(413, "payload_too_large", or(message, "the request body is too large"));
      case 415 -> new PlatError(415, "unsupported_media_type", or(message, "the content type is not accepted here"));
      case -1, 500 -> new PlatError(500, "internal", or(message, "internal error"));
      default -> new PlatError(status, "error", or(message, "request failed with status " + status));
    };
  }

  private static String or(String message, String fallback) {
    return message == null || message.isBlank() ? fallback : message;
  }
}
