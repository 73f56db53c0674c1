package dev.plat.gateway;

import dev.plat.cluster.ClusterMember;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.RouteJanitor;
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
 * members, recent departures ({@link RouteJanitor#state()}) and whether this member's backups are
 * in sync ({@code cluster.backupsInSync}). 200 when every role is up, 503
 * otherwise (load balancers read the status). A cluster that lost a node is {@code degraded} in the
 * body ({@code status} and {@code cluster.status}) while a function the node took routes of has none
 * here, but stays 200: this node serves, and taking every survivor out of a load balancer would
 * make it worse.
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
    Future<JsonObject> departures = RouteJanitor.ask(ctx.vertx(), config.nodeId());
    Future.all(roleStates, dockerState, departures).onComplete(done -> {
      JsonObject body = roleStates.result();
      JsonObject cluster = cluster(departures.result());
      boolean up = RoleHealth.UP.equals(body.getString("status"));
      if (up && RoleHealth.DEGRADED.equals(cluster.getString("status"))) {
        body.put("status", RoleHealth.DEGRADED);
      }
      body.put("node", config.nodeId()).put("docker", dockerState.result()).put("cluster", cluster);
      ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
        .end(body.encodePrettily());
    });
  }

  private JsonObject cluster(JsonObject departures) {
    List<ClusterMember> list = members.get();
    JsonObject cluster = new JsonObject().put("size", list.size())
      .put("members", new JsonArray(list.stream().map(ClusterMember::toJson).toList()));
    return departures == null ? cluster : cluster.mergeIn(departures);
  }
}
