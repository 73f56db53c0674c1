package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
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
    String error = JsonReads.str(json, "error");
    if (error == null && json.getValue("errorDetail") instanceof JsonObject detail) {
      error = JsonReads.str(detail, "message");
    }
    return new PushEvent(JsonReads.str(json, "status"), JsonReads.str(json, "id"), JsonReads.str(json, "progress"), error,
      JsonReads.str(JsonReads.obj(json, "aux"), "Digest"), json);
  }

  /** @return {@code true} when this message reports the push failed */
  public boolean isError() {
    return error != null;
  }
}
