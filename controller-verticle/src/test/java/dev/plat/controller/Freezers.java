package dev.plat.controller;

import dev.plat.controller.impl.CgroupFreezer;
import dev.plat.controller.impl.FreezerPaths.Target;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;

/** A container's cgroup freezer as a test sees it: Docker does not report a freezer-level pause. */
final class Freezers {
  private static final CgroupFreezer FREEZER = new CgroupFreezer(Path.of("/proc"));

  private Freezers() {
  }

  /** Whether the container's processes are frozen (false when it does not run). */
  static Future<Boolean> frozen(Vertx vertx, DockerClient docker, String containerId) {
    return docker.inspectContainer(containerId).compose(info -> vertx.executeBlocking(() -> {
      Target target = FREEZER.locate(info.id(), info.state().pid()).orElse(null);
      return target != null && FREEZER.frozen(target);
    }));
  }

  /** Freezes the container behind the controller's back, as a controller killed with -9 leaves it. */
  static Future<Void> freeze(Vertx vertx, DockerClient docker, String containerId) {
    return docker.inspectContainer(containerId).compose(info -> vertx.executeBlocking(() -> {
      FREEZER.freeze(FREEZER.locate(info.id(), info.state().pid())
        .orElseThrow(() -> new IOException("no writable freezer for " + containerId)));
      return null;
    }));
  }
}
