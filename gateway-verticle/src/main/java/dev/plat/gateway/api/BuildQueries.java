package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** The builder's read side ({@link Actions.Builder#GET}) as a future; failures are {@link PlatError}s. */
public class BuildQueries {
  private static final long TIMEOUT_MS = 30_000;

  private final BusRequests requests;

  public BuildQueries(EventBus bus) {
    this.requests = new BusRequests(bus, Names.Address.BUILDER);
  }

  /** -> {@code {"id","function","version","state","log":[...],"image","digest","error"}}. */
  public Future<JsonObject> get(String buildId) {
    return requests.request(Actions.Builder.GET, new JsonObject().put("buildId", buildId), TIMEOUT_MS);
  }
}
