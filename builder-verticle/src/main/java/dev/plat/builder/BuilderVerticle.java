package dev.plat.builder;

import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** The builder role: zipped code to a pushed image. Wires; logic lives elsewhere. */
public class BuilderVerticle extends VerticleBase {
  private final PlatConfig config;
  private final DockerClient docker;

  public BuilderVerticle(PlatConfig config, DockerClient docker) {
    this.config = config;
    this.docker = docker;
  }

  @Override
  public Future<?> start() {
    RoleHealth.register(vertx, config.nodeId(), Role.BUILDER.id(), this::health);
    return Future.succeededFuture();
  }

  private Future<JsonObject> health() {
    return docker.ping()
      .map(ok -> new JsonObject().put("state", RoleHealth.UP))
      .otherwise(err -> new JsonObject().put("state", RoleHealth.DEGRADED).put("error", err.getMessage()));
  }
}
