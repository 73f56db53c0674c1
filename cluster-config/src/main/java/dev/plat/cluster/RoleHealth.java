package dev.plat.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * Health of the roles running on one node. Each role registers a local consumer that answers
 * with its state; the node's {@code /health} collects them. A role that does not answer in time
 * is reported {@code down}.
 */
public final class RoleHealth {
  /** A role that is serving. */
  public static final String UP = "up";
  /** A role that is running but cannot do its work (for example dockerd unreachable). */
  public static final String DEGRADED = "degraded";
  /** A role that is not running or did not answer. */
  public static final String DOWN = "down";

  private static final long TIMEOUT_MS = 2_000;

  private RoleHealth() {
  }

  /** The local address a role of a node answers health requests on. */
  public static String address(String nodeId, String role) {
    return Names.Address.HEALTH_PREFIX + nodeId + "." + role;
  }

  /**
   * Answers health requests for {@code role} on this node with what {@code check} yields:
   * a JSON object with at least {@code state}.
   */
  public static MessageConsumer<JsonObject> register(Vertx vertx, String nodeId, String role,
      Supplier<Future<JsonObject>> check) {
    return vertx.eventBus().<JsonObject>localConsumer(address(nodeId, role), msg -> check.get()
      .onSuccess(json -> msg.reply(json.copy().put("role", role)))
      .onFailure(err -> msg.reply(new JsonObject().put("role", role).put("state", DOWN)
        .put("error", String.valueOf(err.getMessage())))));
  }

  /** Asks every role of the node and answers {@code {"status", "roles": [...]}}. Never fails. */
  public static Future<JsonObject> collect(Vertx vertx, String nodeId, List<String> roles) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TIMEOUT_MS).setLocalOnly(true);
    List<Future<JsonObject>> answers = roles.stream()
      .map(role -> vertx.eventBus().<JsonObject>request(address(nodeId, role), null, options)
        .map(msg -> msg.body())
        .otherwise(err -> new JsonObject().put("role", role).put("state", DOWN)
          .put("error", String.valueOf(err.getMessage()))))
      .toList();
    return Future.join(answers).transform(ignored -> {
      JsonArray list = new JsonArray();
      String status = UP;
      for (Future<JsonObject> f : answers) {
        JsonObject role = f.result();
        list.add(role);
        status = worst(status, role.getString("state", DOWN));
      }
      return Future.succeededFuture(new JsonObject().put("status", status).put("roles", list));
    });
  }

  static String worst(String a, String b) {
    if (DOWN.equals(a) || DOWN.equals(b)) {
      return DOWN;
    }
    return DEGRADED.equals(a) || DEGRADED.equals(b) ? DEGRADED : UP;
  }
}
