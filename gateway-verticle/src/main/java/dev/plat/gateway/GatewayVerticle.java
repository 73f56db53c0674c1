package dev.plat.gateway;

import dev.plat.cluster.ClusterMember;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.function.Supplier;

/** The gateway role: the public HTTP port. Builds the router in order and listens. */
public class GatewayVerticle extends VerticleBase {
  private final PlatConfig config;
  private final DockerClient docker;
  private final Supplier<List<ClusterMember>> members;
  private HttpServer server;

  public GatewayVerticle(PlatConfig config, DockerClient docker, Supplier<List<ClusterMember>> members) {
    this.config = config;
    this.docker = docker;
    this.members = members;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // 1. health, open to all (load balancers, ./plat up)
    router.get("/health").handler(new HealthHandler(config, docker, members));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort()))
      .requestHandler(router);
    RoleHealth.register(vertx, config.nodeId(), Role.GATEWAY.id(), () -> Future.succeededFuture(
      new JsonObject().put("state", RoleHealth.UP).put("port", server.actualPort())));
    return server.listen();
  }
}
