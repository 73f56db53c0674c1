package dev.plat.controller;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** The builder as the controller sees it: asks for a build, gets its id once accepted. */
public interface BuilderClient {

  /** Sends {@link Actions.Builder#BUILD} to {@link Names.Address#BUILDER} with {@code timeoutMs}. */
  static BuilderClient eventBus(Vertx vertx, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs)
      .addHeader(Actions.HEADER, Actions.Builder.BUILD);
    return request -> vertx.eventBus().<JsonObject>request(Names.Address.BUILDER, request, options)
      .map(reply -> reply.body().getString("buildId"));
  }

  /**
   * @param request {@code {"function","version","runtime","upload","sha256"}}
   * @return the build id; fails with the builder's failure (a {@code ReplyException} made by a PlatError)
   */
  Future<String> build(JsonObject request);
}
