package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.controller.ContainerEngine;

/** Turns container events into crashes: an instance that dies, is OOM-killed or removed behind our back. */
public final class EngineEventHandler {
  private final Functions functions;
  private final CrashHandler crashes;

  public EngineEventHandler(Functions functions, CrashHandler crashes) {
    this.functions = functions;
    this.crashes = crashes;
  }

  public void handle(ContainerEngine.Event event) {
    FunctionState fs = functions.find(event.label(Names.Label.FUNCTION));
    Instance instance = fs == null ? null : fs.instance(event.label(Names.Label.INSTANCE));
    if (instance == null) {
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
