package dev.plat.docker;

import dev.plat.docker.impl.Json;
import io.vertx.core.json.JsonObject;

/**
 * One message of a push's progress stream.
 *
 * @param status status text ({@code Pushing}, {@code Pushed}, {@code latest: digest: ...}), or {@code null}
 * @param layerId the layer this message is about, or {@code null}
 * @param progress a progress bar text, or {@code null}
 * @param error the error that failed the push, or {@code null}
 * @param digest the pushed manifest digest ({@code aux.Digest}), or {@code null}
 * @param raw the message as the daemon sent it
 */
public record PushEvent(String status, String layerId, String progress, String error, String digest, JsonObject raw) {

  /** Reads one JSON message of a {@code POST /images/{name}/push} answer. */
  public static PushEvent fromJson(JsonObject json) {
    String error = Json.str(json, "error");
    if (error == null && json.getValue("errorDetail") instanceof JsonObject detail) {
      error = Json.str(detail, "message");
    }
    return new PushEvent(Json.str(json, "status"), Json.str(json, "id"), Json.str(json, "progress"), error,
      Json.str(Json.obj(json, "aux"), "Digest"), json);
  }

  /** @return {@code true} when this message reports the push failed */
  public boolean isError() {
    return error != null;
  }
}
