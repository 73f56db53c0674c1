package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;

/**
 * The run state of a container, from inspect.
 *
 * @param status {@code created}, {@code running}, {@code paused}, {@code restarting}, {@code removing}, {@code exited} or {@code dead}
 * @param running the process runs (also while paused)
 * @param paused the container is frozen
 * @param restarting the daemon is restarting it
 * @param oomKilled the kernel killed it for lack of memory
 * @param pid the main process id on the host, {@code 0} when not running
 * @param exitCode the last exit code
 * @param error the daemon's error starting it, empty when none
 * @param startedAt when it last started (RFC 3339)
 * @param finishedAt when it last exited (RFC 3339)
 */
public record ContainerState(String status, boolean running, boolean paused, boolean restarting, boolean oomKilled,
                             long pid, int exitCode, String error, String startedAt, String finishedAt) {

  /** Reads the {@code State} object of a container inspect answer. */
  public static ContainerState fromJson(JsonObject state) {
    return new ContainerState(JsonReads.str(state, "Status"), JsonReads.bool(state, "Running"), JsonReads.bool(state, "Paused"),
      JsonReads.bool(state, "Restarting"), JsonReads.bool(state, "OOMKilled"), JsonReads.lng(state, "Pid"),
      (int) JsonReads.lng(state, "ExitCode"), JsonReads.str(state, "Error"), JsonReads.str(state, "StartedAt"), JsonReads.str(state, "FinishedAt"));
  }
}
