package dev.plat.gateway.api;

import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/** Sends a control-plane request (action header + JSON body) and maps any failure to a {@link PlatError}. */
final class BusRequests {
  private final EventBus bus;
  private final String address;

  BusRequests(EventBus bus, String address) {
    this.bus = bus;
    this.address = address;
  }

  /** How long one attempt of an idempotent request waits before it is sent again. */
  static final long ATTEMPT_MS = 3_000;
  /** How long an idempotent request looks for a controller that answers at all (a leader taking over). */
  static final long NO_HANDLER_GRACE_MS = 3_000;
  private static final long PAUSE_MS = 200;

  /**
   * {@link #request} for a read or a write that may be applied twice (get, list, patch): an attempt
   * that gets no answer within {@link #ATTEMPT_MS} (it may have gone to a leader that died, whose
   * subscription the cluster had not dropped yet) is sent again with the rest of {@code timeoutMs};
   * one that finds no controller, or one that no longer leads ({@code not_leader}), is sent again
   * every 200 ms for {@link #NO_HANDLER_GRACE_MS}, the time a new leader takes over. A leader's
   * failover then costs an API call a few seconds, not its whole timeout.
   */
  Future<JsonObject> idempotent(String action, JsonObject body, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    return attempt(action, body, deadline, System.currentTimeMillis() + NO_HANDLER_GRACE_MS)
      .recover(err -> Future.failedFuture(PlatError.from(err)))
      .map(BusRequests::json);
  }

  private Future<Message<Object>> attempt(String action, JsonObject body, long deadline, long graceEnd) {
    long left = deadline - System.currentTimeMillis();
    DeliveryOptions options = new DeliveryOptions().addHeader(Actions.HEADER, action)
      .setSendTimeout(Math.max(1, Math.min(ATTEMPT_MS, left)));
    return bus.<Object>request(address, body, options).recover(err -> {
      long now = System.currentTimeMillis();
      boolean noAnswer = err instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT;
      boolean noLeader = err instanceof ReplyException r && (r.failureType() == ReplyFailure.NO_HANDLERS
        || r.failureType() == ReplyFailure.RECIPIENT_FAILURE && r.failureCode() == 503
        && String.valueOf(r.getMessage()).contains("not_leader"));
      if (noAnswer && deadline - now > 0) {
        return attempt(action, body, deadline, graceEnd);
      }
      Context context = Vertx.currentContext();
      if (noLeader && context != null && graceEnd - now > 0 && deadline - now > PAUSE_MS) {
        Promise<Void> pause = Promise.promise();
        context.owner().setTimer(PAUSE_MS, id -> pause.complete());
        return pause.future().compose(v -> attempt(action, body, deadline, graceEnd));
      }
      return Future.failedFuture(err);
    });
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
