package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
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
    return new ContainerSummary(JsonReads.str(json, "Id"), JsonReads.strings(json, "Names"), JsonReads.str(json, "Image"),
      JsonReads.str(json, "ImageID"), JsonReads.str(json, "Command"), JsonReads.lng(json, "Created"), JsonReads.str(json, "State"),
      JsonReads.str(json, "Status"), JsonReads.stringMap(json, "Labels"));
  }
}
