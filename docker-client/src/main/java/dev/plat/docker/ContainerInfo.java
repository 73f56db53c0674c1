package dev.plat.docker;

import dev.plat.docker.impl.ContainerSpecCodec;
import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A container as inspect describes it.
 *
 * @param id full container id
 * @param name name without the leading slash
 * @param imageId id of the image it runs
 * @param created creation time (RFC 3339)
 * @param state run state
 * @param spec the configuration it runs with, in the form it was created with (env includes the image's)
 * @param raw the daemon's full answer, for fields not typed here
 */
public record ContainerInfo(String id, String name, String imageId, String created, ContainerState state,
                            ContainerSpec spec, JsonObject raw) {

  /** Reads a {@code GET /containers/{id}/json} answer. */
  public static ContainerInfo fromJson(JsonObject json) {
    String name = JsonReads.str(json, "Name");
    if (name != null && name.startsWith("/")) {
      name = name.substring(1);
    }
    return new ContainerInfo(JsonReads.str(json, "Id"), name, JsonReads.str(json, "Image"), JsonReads.str(json, "Created"),
      ContainerState.fromJson(JsonReads.obj(json, "State")), ContainerSpecCodec.fromInspect(json), json);
  }

  /** @return the container's labels */
  public Map<String, String> labels() {
    return spec.labels();
  }
}
