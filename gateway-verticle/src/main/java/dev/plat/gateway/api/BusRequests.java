package dev.plat.gateway.api;

import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** Sends a control-plane request (action header + JSON body) and maps any failure to a {@link PlatError}. */
final class BusRequests {
  private final EventBus bus;
  private final String address;

  BusRequests(EventBus bus, String address) {
    this.bus = bus;
    this.address = address;
  }

  Future<JsonObject> request(String action, JsonObject body, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Actions.HEADER, action).setSendTimeout(timeoutMs);
    return bus.<Object>request(address, body, options)
      .recover(err -> Future.failedFuture(PlatError.from(err)))
      .map(BusRequests::json);
  }

  private static JsonObject json(Message<Object> reply) {
    Object body = reply.body();
    if (body instanceof JsonObject json) {
      return json;
    }
    if (body instanceof String text) {
      return new JsonObject(text);
    }
    throw new PlatError(502, "bad_reply", "the platform answered with " + (body == null ? "nothing" : body.getClass().getSimpleName()));
  }
}
