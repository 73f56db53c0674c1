package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;

/**
 * One message of a build's progress stream.
 *
 * @param stream a chunk of build output ({@code Step 2/4 : RUN ...}), or {@code null}
 * @param status a status line (pulling a base image), or {@code null}
 * @param progress a progress bar text, or {@code null}
 * @param error the error that failed the build, or {@code null}
 * @param imageId the built image id ({@code aux.ID}), or {@code null}
 * @param raw the message as the daemon sent it
 */
public record BuildEvent(String stream, String status, String progress, String error, String imageId, JsonObject raw) {

  /** Reads one JSON message of a {@code POST /build} answer. */
  public static BuildEvent fromJson(JsonObject json) {
    String error = JsonReads.str(json, "error");
    if (error == null && json.getValue("errorDetail") instanceof JsonObject detail) {
      error = JsonReads.str(detail, "message");
    }
    String imageId = JsonReads.str(JsonReads.obj(json, "aux"), "ID");
    return new BuildEvent(JsonReads.str(json, "stream"), JsonReads.str(json, "status"), JsonReads.str(json, "progress"), error, imageId, json);
  }

  /** @return {@code true} when this message reports the build failed */
  public boolean isError() {
    return error != null;
  }
}
