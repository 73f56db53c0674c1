package dev.plat.docker;

import dev.plat.docker.impl.Json;
import io.vertx.core.json.JsonObject;

/**
 * System-wide information about the daemon.
 *
 * @param id daemon id
 * @param name host name
 * @param serverVersion engine version
 * @param containers containers in any state
 * @param containersRunning running containers
 * @param containersPaused paused containers
 * @param containersStopped stopped containers
 * @param images images
 * @param storageDriver storage driver, e.g. {@code overlay2}
 * @param cgroupVersion {@code 1} or {@code 2}
 * @param cpus CPUs
 * @param memTotal memory of the host, bytes
 * @param raw the daemon's full answer
 */
public record DockerInfo(String id, String name, String serverVersion, long containers, long containersRunning,
                         long containersPaused, long containersStopped, long images, String storageDriver,
                         String cgroupVersion, long cpus, long memTotal, JsonObject raw) {

  /** Reads a {@code GET /info} answer. */
  public static DockerInfo fromJson(JsonObject json) {
    return new DockerInfo(Json.str(json, "ID"), Json.str(json, "Name"), Json.str(json, "ServerVersion"),
      Json.lng(json, "Containers"), Json.lng(json, "ContainersRunning"), Json.lng(json, "ContainersPaused"),
      Json.lng(json, "ContainersStopped"), Json.lng(json, "Images"), Json.str(json, "Driver"),
      Json.str(json, "CgroupVersion"), Json.lng(json, "NCPU"), Json.lng(json, "MemTotal"), json);
  }
}
