package dev.plat.controller;

import dev.plat.controller.impl.ControllerParts;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A container's cgroup freezer as a test sees it: Docker does not report a freezer-level pause. */
final class Freezers {
  private Freezers() {
  }

  /** Whether the container's processes are frozen (false when it does not run). */
  static Future<Boolean> frozen(Vertx vertx, DockerClient docker, String containerId) {
    return docker.inspectContainer(containerId).compose(info -> vertx.executeBlocking(
      () -> ControllerParts.frozen(info.id(), info.state().pid())));
  }

  /** Freezes the container behind the controller's back, as a controller killed with -9 leaves it. */
  static Future<Void> freeze(Vertx vertx, DockerClient docker, String containerId) {
    return docker.inspectContainer(containerId).compose(info -> vertx.executeBlocking(() -> {
      ControllerParts.freeze(info.id(), info.state().pid());
      return null;
    }));
  }
}
