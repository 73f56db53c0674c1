package dev.plat.docker;

import dev.plat.docker.impl.Json;
import io.vertx.core.json.JsonObject;

/**
 * One resource usage sample of a container.
 *
 * @param read when the sample was taken (RFC 3339)
 * @param memoryUsageBytes memory in use
 * @param memoryLimitBytes memory limit (the host's memory when unlimited)
 * @param cpuTotalUsageNanos CPU time used since start, ns
 * @param systemCpuUsageNanos the host's CPU time, ns (for a usage ratio between two samples)
 * @param onlineCpus CPUs available
 * @param pids processes/threads running
 * @param raw the daemon's full answer
 */
public record ContainerStats(String read, long memoryUsageBytes, long memoryLimitBytes, long cpuTotalUsageNanos,
                             long systemCpuUsageNanos, long onlineCpus, long pids, JsonObject raw) {

  /** Reads a {@code GET /containers/{id}/stats?stream=false} answer. */
  public static ContainerStats fromJson(JsonObject json) {
    JsonObject memory = Json.obj(json, "memory_stats");
    JsonObject cpu = Json.obj(json, "cpu_stats");
    return new ContainerStats(Json.str(json, "read"), Json.lng(memory, "usage"), Json.lng(memory, "limit"),
      Json.lng(Json.obj(cpu, "cpu_usage"), "total_usage"), Json.lng(cpu, "system_cpu_usage"),
      Json.lng(cpu, "online_cpus"), Json.lng(Json.obj(json, "pids_stats"), "current"), json);
  }
}
