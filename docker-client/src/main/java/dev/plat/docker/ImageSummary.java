package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * An image as the list call describes it.
 *
 * @param id image id
 * @param repoTags references it is tagged with
 * @param repoDigests {@code repository@digest} references
 * @param labels labels
 * @param created creation time, epoch seconds
 * @param size size in bytes
 */
public record ImageSummary(String id, List<String> repoTags, List<String> repoDigests, Map<String, String> labels,
                           long created, long size) {

  /** Reads one element of a {@code GET /images/json} answer. */
  public static ImageSummary fromJson(JsonObject json) {
    return new ImageSummary(JsonReads.str(json, "Id"), JsonReads.strings(json, "RepoTags"), JsonReads.strings(json, "RepoDigests"),
      JsonReads.stringMap(json, "Labels"), JsonReads.lng(json, "Created"), JsonReads.lng(json, "Size"));
  }
}
