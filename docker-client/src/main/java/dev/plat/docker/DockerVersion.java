package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;

/**
 * The daemon's version.
 *
 * @param version engine version, e.g. {@code 20.10.24}
 * @param apiVersion highest API version it speaks, e.g. {@code 1.41}
 * @param minApiVersion lowest API version it speaks
 * @param os operating system
 * @param arch CPU architecture
 * @param kernelVersion kernel version
 * @param goVersion Go version it was built with
 */
public record DockerVersion(String version, String apiVersion, String minApiVersion, String os, String arch,
                            String kernelVersion, String goVersion) {

  /** Reads a {@code GET /version} answer. */
  public static DockerVersion fromJson(JsonObject json) {
    return new DockerVersion(JsonReads.str(json, "Version"), JsonReads.str(json, "ApiVersion"), JsonReads.str(json, "MinAPIVersion"),
      JsonReads.str(json, "Os"), JsonReads.str(json, "Arch"), JsonReads.str(json, "KernelVersion"), JsonReads.str(json, "GoVersion"));
  }
}
