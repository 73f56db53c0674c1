package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
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
    return new ImageInfo(JsonReads.str(json, "Id"), JsonReads.strings(json, "RepoTags"), JsonReads.strings(json, "RepoDigests"),
      JsonReads.stringMap(JsonReads.obj(json, "Config"), "Labels"), JsonReads.str(json, "Created"), JsonReads.lng(json, "Size"),
      JsonReads.str(json, "Os"), JsonReads.str(json, "Architecture"), json);
  }
}
