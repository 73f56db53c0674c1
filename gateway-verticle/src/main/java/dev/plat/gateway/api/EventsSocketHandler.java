package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/events}: a WebSocket of the platform's live events. Every message published on
 * {@code STATUS} or {@code BUILD_EVENTS} is sent as a text frame {@code {"topic":"status"|"build", ...event}}.
 * Once subscribed the socket gets {@code {"topic":"ready"}}. A client too slow to take the frames
 * loses some and then gets {@code {"topic":"lagged","dropped":n}} (it should re-read the state over
 * REST). The subscriptions end with the socket. Not an upgrade request, or one of another WebSocket
 * version than 13 (or 7, 8): 426 {@code upgrade_required}; no {@code Sec-WebSocket-Key}: 400.
 */
public class EventsSocketHandler implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      throw new PlatError(426, "upgrade_required", "this route is a WebSocket");
    }
    // what Vert.x's handshake would refuse with an empty or plain-text answer
    String version = ctx.request().getHeader("Sec-WebSocket-Version");
    if (!"13".equals(version) && !"8".equals(version) && !"7".equals(version)) {
      ctx.response().putHeader("Sec-WebSocket-Version", "13");
      throw new PlatError(426, "upgrade_required", "WebSocket version 13 is required, got " + version);
    }
    String key = ctx.request().getHeader("Sec-WebSocket-Key");
    if (key == null || key.isBlank()) {
      throw PlatError.badRequest("bad_request", "a WebSocket handshake needs a Sec-WebSocket-Key header");
    }
    EventBus bus = ctx.vertx().eventBus();
    ctx.request().toWebSocket().onComplete(upgraded -> {
      if (upgraded.succeeded()) {
        new Forwarder(bus, upgraded.result()).start();
      }
    });
  }

  /** One socket and its two subscriptions. */
  private static final class Forwarder {
    private final EventBus bus;
    private final ServerWebSocket socket;
    private MessageConsumer<Object> status;
    private MessageConsumer<Object> builds;
    private long dropped;

    Forwarder(EventBus bus, ServerWebSocket socket) {
      this.bus = bus;
      this.socket = socket;
    }

    void start() {
      status = bus.consumer(Names.Address.STATUS, msg -> send("status", msg.body()));
      builds = bus.consumer(Names.Address.BUILD_EVENTS, msg -> send("build", msg.body()));
      socket.closeHandler(v -> stop());
      socket.exceptionHandler(err -> stop());
      socket.drainHandler(v -> {
        if (dropped > 0) {
          socket.writeTextMessage(new JsonObject().put("topic", "lagged").put("dropped", dropped).encode());
          dropped = 0;
        }
      });
      socket.textMessageHandler(text -> { });
      Future.all(status.completion(), builds.completion())
        .onSuccess(v -> socket.writeTextMessage(new JsonObject().put("topic", "ready").encode()))
        .onFailure(err -> socket.close((short) 1011, "cannot subscribe"));
    }

    private void send(String topic, Object body) {
      if (socket.isClosed()) {
        stop();
        return;
      }
      if (socket.writeQueueFull()) {
        dropped++;
        return;
      }
      JsonObject frame = new JsonObject().put("topic", topic);
      if (body instanceof JsonObject event) {
        event.forEach(field -> frame.getMap().putIfAbsent(field.getKey(), field.getValue()));
      } else {
        frame.put("event", body);
      }
      socket.writeTextMessage(frame.encode());
    }

    private void stop() {
      status.unregister();
      builds.unregister();
    }
  }
}
