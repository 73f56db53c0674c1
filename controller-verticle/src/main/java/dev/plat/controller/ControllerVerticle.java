package dev.plat.controller;

import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** The controller role: function registry and container lifecycle. Wires; logic lives elsewhere. */
public class ControllerVerticle extends VerticleBase {
  private final PlatConfig config;
  private final DockerClient docker;

  public ControllerVerticle(PlatConfig config, DockerClient docker) {
    this.config = config;
    this.docker = docker;
  }

  @Override
  public Future<?> start() {
    RoleHealth.register(vertx, config.nodeId(), Role.CONTROLLER.id(), this::health);
    return Future.succeededFuture();
  }

  private Future<JsonObject> health() {
    return docker.ping()
      .map(ok -> new JsonObject().put("state", RoleHealth.UP))
      .otherwise(err -> new JsonObject().put("state", RoleHealth.DEGRADED).put("error", err.getMessage()));
  }
}
