package dev.plat.gateway;

import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A fake controller or builder on the bus: records every request (action header and body) and
 * answers like the real role, with a reply or a {@link PlatError} failure.
 */
final class FakeRole {
  record Request(String action, JsonObject body) {
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Function<JsonObject, JsonObject>> answers = new ConcurrentHashMap<>();
  private final MessageConsumer<JsonObject> consumer;

  FakeRole(Vertx vertx, String address) {
    consumer = vertx.eventBus().consumer(address, msg -> {
      String action = msg.headers().get(Actions.HEADER);
      requests.add(new Request(action, msg.body()));
      Function<JsonObject, JsonObject> answer = answers.get(action);
      if (answer == null) {
        msg.fail(400, new PlatError(400, "unknown_action", "no action " + action).toJson().encode());
        return;
      }
      try {
        msg.reply(answer.apply(msg.body()));
      } catch (PlatError e) {
        msg.fail(e.status(), e.toJson().encode());
      }
    });
    GatewayHarness.await(consumer.completion());
  }

  /** Answers {@code action} with {@code answer} (which may throw a PlatError). */
  FakeRole on(String action, Function<JsonObject, JsonObject> answer) {
    answers.put(action, answer);
    return this;
  }

  Request only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests);
    }
    return requests.get(0);
  }

  void close() {
    GatewayHarness.await(consumer.unregister());
  }
}
