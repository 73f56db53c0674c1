package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/builds/{id}} -> 200 the build as the builder describes it; 404 {@code build_not_found}. */
public class GetBuildHandler implements Handler<RoutingContext> {
  private final BuildQueries builder;

  public GetBuildHandler(BuildQueries builder) {
    this.builder = builder;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Responses.reply(ctx, 200, builder.get(BuildIds.require(ctx.pathParam("id"))));
  }
}
