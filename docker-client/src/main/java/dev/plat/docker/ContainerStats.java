package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
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
    JsonObject memory = JsonReads.obj(json, "memory_stats");
    JsonObject cpu = JsonReads.obj(json, "cpu_stats");
    return new ContainerStats(JsonReads.str(json, "read"), JsonReads.lng(memory, "usage"), JsonReads.lng(memory, "limit"),
      JsonReads.lng(JsonReads.obj(cpu, "cpu_usage"), "total_usage"), JsonReads.lng(cpu, "system_cpu_usage"),
      JsonReads.lng(cpu, "online_cpus"), JsonReads.lng(JsonReads.obj(json, "pids_stats"), "current"), json);
  }
}
