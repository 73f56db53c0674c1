package dev.plat.gateway;

import dev.plat.cluster.ClusterMember;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /health}: this node's roles and their states, Docker reachability and the cluster's
 * members. 200 when every role is up, 503 otherwise (load balancers read the status).
 */
public class HealthHandler implements Handler<RoutingContext> {
  private final PlatConfig config;
  private final DockerClient docker;
  private final Supplier<List<ClusterMember>> members;

  public HealthHandler(PlatConfig config, DockerClient docker, Supplier<List<ClusterMember>> members) {
    this.config = config;
    this.docker = docker;
    this.members = members;
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<String> roles = config.roles().stream().map(Role::id).toList();
    Future<JsonObject> roleStates = RoleHealth.collect(ctx.vertx(), config.nodeId(), roles);
    Future<JsonObject> dockerState = docker.version()
      .map(v -> new JsonObject().put("reachable", true).put("version", v.version()).put("apiVersion", v.apiVersion()))
      .otherwise(err -> new JsonObject().put("reachable", false).put("error", err.getMessage()));
    Future.all(roleStates, dockerState).onComplete(done -> {
      JsonObject body = roleStates.result().put("node", config.nodeId()).put("docker", dockerState.result())
        .put("cluster", cluster());
      boolean up = RoleHealth.UP.equals(body.getString("status"));
      ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
        .end(body.encodePrettily());
    });
  }

  private JsonObject cluster() {
    List<ClusterMember> list = members.get();
    return new JsonObject().put("size", list.size())
      .put("members", new JsonArray(list.stream().map(ClusterMember::toJson).toList()));
  }
}
