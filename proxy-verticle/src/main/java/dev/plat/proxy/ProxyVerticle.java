package dev.plat.proxy;

import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** The proxy role: the data plane between the gateway and function instances. */
public class ProxyVerticle extends VerticleBase {
  private final PlatConfig config;
  private final RouteTable routes;

  public ProxyVerticle(PlatConfig config, RouteTable routes) {
    this.config = config;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    RoleHealth.register(vertx, config.nodeId(), Role.PROXY.id(), () -> Future.succeededFuture(
      new JsonObject().put("state", RoleHealth.UP).put("functions", routes.snapshot().size())));
    return Future.succeededFuture();
  }
}
