package dev.plat.gateway.api;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers shared by the API handlers. */
final class Responses {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  private Responses() {
  }

  /** The validated {@code {name}} path parameter; a bad one throws 400 {@code bad_name}. */
  static String functionName(RoutingContext ctx) {
    return FunctionSpec.requireValidName(ctx.pathParam("name"));
  }

  /** Answers {@code status} with the JSON of {@code result}, or fails the context with its error. */
  static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else {
        json(ctx, status, done.result());
      }
    });
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
    }
  }
}
