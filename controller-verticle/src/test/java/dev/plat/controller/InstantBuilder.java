package dev.plat.controller;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * The builder role as the controller's integration tests need it: every build request is accepted
 * and, 20 ms later, done with {@code image} (already built on the real dockerd) under a fixed
 * digest, so that a deploy goes straight to starting real containers.
 */
final class InstantBuilder {
  private InstantBuilder() {
  }

  /** Answers {@link Names.Address#BUILDER} on {@code vertx}'s event bus until the consumer is unregistered. */
  static MessageConsumer<JsonObject> serve(Vertx vertx, String image) {
    return vertx.eventBus().consumer(Names.Address.BUILDER, msg -> {
      JsonObject req = msg.body();
      String buildId = "it-" + req.getString("function") + "-" + req.getLong("version");
      msg.reply(new JsonObject().put("buildId", buildId));
      vertx.setTimer(20, t -> vertx.eventBus().publish(Names.Address.BUILD_EVENTS, new JsonObject()
        .put("type", Actions.Builder.EVENT_DONE).put("buildId", buildId).put("function", req.getString("function"))
        .put("version", req.getLong("version")).put("state", "succeeded").put("image", image).put("digest", "sha256:it")));
    });
  }
}
