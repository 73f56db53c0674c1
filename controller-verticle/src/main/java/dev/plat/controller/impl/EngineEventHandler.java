package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.controller.ContainerEngine;

/**
 * Turns container events into crashes: an instance that dies, is OOM-killed or removed behind our back.
 * A specialized pool container (no function label) is found by its instance id; other events go to the pool.
 */
final class EngineEventHandler {
  private final Functions functions;
  private final CrashHandler crashes;
  private final PoolManager pool;

  public EngineEventHandler(Functions functions, CrashHandler crashes) {
    this(functions, crashes, null);
  }

  /** @param pool told of events of containers no instance claims (pool members); may be {@code null} */
  public EngineEventHandler(Functions functions, CrashHandler crashes, PoolManager pool) {
    this.pool = pool;
    this.functions = functions;
    this.crashes = crashes;
  }

  public void handle(ContainerEngine.Event event) {
    String id = event.label(Names.Label.INSTANCE);
    String function = event.label(Names.Label.FUNCTION);
    FunctionState fs = function != null ? functions.find(function) : null;
    if (fs == null || fs.instance(id) == null) {
      // a unit's instance (NAME@vN), or a specialized pool container (no function label)
      fs = functions.everything().stream().filter(f -> id != null && f.instance(id) != null).findFirst().orElse(fs);
    }
    Instance instance = fs == null ? null : fs.instance(id);
    if (instance != null && instance.foreign(event.containerId())) {
      return;  // e.g. the pool container of a failed specialization, killed by its removal (137)
    }
    if (instance == null) {
      if (pool != null) {
        pool.onEvent(event);
      }
      return;
    }
    String reason = switch (event.action()) {
      case "oom" -> "killed: out of memory (limit " + fs.record().spec().limits().memoryMb() + " MB)";
      case "die" -> "exited with code " + event.labels().getOrDefault("exitCode", "?");
      case "destroy" -> "container removed outside the platform";
      default -> null;
    };
    if (reason != null) {
      crashes.crashed(fs, instance, reason);
    }
  }
}
