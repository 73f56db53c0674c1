package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;

/**
 * One message of a pull's progress stream ({@code POST /images/create}).
 *
 * @param status status text ({@code Pulling fs layer}, {@code Download complete}, {@code Digest: sha256:...},
 *               {@code Status: Downloaded newer image for ...}), or {@code null}
 * @param layerId the layer this message is about, or {@code null}
 * @param progress a progress bar text, or {@code null}
 * @param error the error that failed the pull, or {@code null}
 * @param raw the message as the daemon sent it
 */
public record PullEvent(String status, String layerId, String progress, String error, JsonObject raw) {

  /** Reads one JSON message of a {@code POST /images/create} answer. */
  public static PullEvent fromJson(JsonObject json) {
    String error = JsonReads.str(json, "error");
    if (error == null && json.getValue("errorDetail") instanceof JsonObject detail) {
      error = JsonReads.str(detail, "message");
    }
    return new PullEvent(JsonReads.str(json, "status"), JsonReads.str(json, "id"), JsonReads.str(json, "progress"), error, json);
  }

  /** @return {@code true} when this message reports the pull failed */
  public boolean isError() {
    return error != null;
  }
}
