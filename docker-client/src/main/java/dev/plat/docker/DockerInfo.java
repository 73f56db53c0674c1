package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
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
    return new DockerInfo(JsonReads.str(json, "ID"), JsonReads.str(json, "Name"), JsonReads.str(json, "ServerVersion"),
      JsonReads.lng(json, "Containers"), JsonReads.lng(json, "ContainersRunning"), JsonReads.lng(json, "ContainersPaused"),
      JsonReads.lng(json, "ContainersStopped"), JsonReads.lng(json, "Images"), JsonReads.str(json, "Driver"),
      JsonReads.str(json, "CgroupVersion"), JsonReads.lng(json, "NCPU"), JsonReads.lng(json, "MemTotal"), json);
  }
}
