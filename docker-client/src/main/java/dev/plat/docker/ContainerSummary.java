package dev.plat.docker;

import dev.plat.docker.impl.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A container as the list call describes it.
 *
 * @param id full container id
 * @param names names, each with a leading slash as the daemon gives them
 * @param image the image as the container was created with it
 * @param imageId id of the image
 * @param command the command line
 * @param created creation time, epoch seconds
 * @param state {@code created}, {@code running}, {@code paused}, {@code exited}, ...
 * @param status human readable status, e.g. {@code Up 2 minutes}
 * @param labels labels
 */
public record ContainerSummary(String id, List<String> names, String image, String imageId, String command,
                               long created, String state, String status, Map<String, String> labels) {

  /** Reads one element of a {@code GET /containers/json} answer. */
  public static ContainerSummary fromJson(JsonObject json) {
    return new ContainerSummary(Json.str(json, "Id"), Json.strings(json, "Names"), Json.str(json, "Image"),
      Json.str(json, "ImageID"), Json.str(json, "Command"), Json.lng(json, "Created"), Json.str(json, "State"),
      Json.str(json, "Status"), Json.stringMap(json, "Labels"));
  }
}
