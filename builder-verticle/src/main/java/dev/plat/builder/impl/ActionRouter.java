package dev.plat.builder.impl;

import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers requests by the action named in their {@link Actions#HEADER} header; failures go back as
 * {@link PlatError} replies, an unknown action as 400 {@code unknown_action}.
 */
public final class ActionRouter implements Handler<Message<JsonObject>> {
  private final Map<String, Function<JsonObject, Future<JsonObject>>> actions;

  public ActionRouter(Map<String, Function<JsonObject, Future<JsonObject>>> actions) {
    this.actions = Map.copyOf(actions);
  }

  @Override
  public void handle(Message<JsonObject> message) {
    String name = message.headers().get(Actions.HEADER);
    Function<JsonObject, Future<JsonObject>> action = name == null ? null : actions.get(name);
    if (action == null) {
      fail(message, PlatError.badRequest("unknown_action", "unknown action '" + name + "'; known: " + actions.keySet()));
      return;
    }
    Future<JsonObject> answer;
    try {
      answer = action.apply(message.body() == null ? new JsonObject() : message.body());
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onSuccess(message::reply).onFailure(err -> fail(message, PlatError.from(err)));
  }

  private static void fail(Message<JsonObject> message, PlatError error) {
    message.fail(error.status(), error.toJson().encode());
  }
}
