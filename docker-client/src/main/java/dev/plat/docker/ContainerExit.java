package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;

/**
 * How a container exited, from wait.
 *
 * @param statusCode the exit code ({@code 128 + n} when killed by signal {@code n})
 * @param error the daemon's error waiting for it, or {@code null}
 */
public record ContainerExit(int statusCode, String error) {

  /** Reads a {@code POST /containers/{id}/wait} answer. */
  public static ContainerExit fromJson(JsonObject json) {
    JsonObject error = json.getJsonObject("Error");
    String message = error == null ? null : JsonReads.str(error, "Message");
    return new ContainerExit((int) JsonReads.lng(json, "StatusCode"), message == null || message.isEmpty() ? null : message);
  }
}
