package dev.plat.docker;

import dev.plat.docker.impl.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * An image as inspect describes it.
 *
 * @param id image id, {@code sha256:...}
 * @param repoTags references it is tagged with
 * @param repoDigests {@code repository@digest} references it was pushed or pulled as
 * @param labels labels
 * @param created creation time (RFC 3339)
 * @param size size in bytes
 * @param os operating system
 * @param architecture CPU architecture
 * @param raw the daemon's full answer
 */
public record ImageInfo(String id, List<String> repoTags, List<String> repoDigests, Map<String, String> labels,
                        String created, long size, String os, String architecture, JsonObject raw) {

  /** Reads a {@code GET /images/{name}/json} answer. */
  public static ImageInfo fromJson(JsonObject json) {
    return new ImageInfo(Json.str(json, "Id"), Json.strings(json, "RepoTags"), Json.strings(json, "RepoDigests"),
      Json.stringMap(Json.obj(json, "Config"), "Labels"), Json.str(json, "Created"), Json.lng(json, "Size"),
      Json.str(json, "Os"), Json.str(json, "Architecture"), json);
  }
}
