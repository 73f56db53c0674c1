package dev.plat.builder.impl;

import dev.plat.cluster.BuildStore;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code get}: {@code {"buildId", "since": optional seq}} -> the build with its log lines after
 * {@code since} (all kept lines by default); 404 {@code build_not_found} for an unknown id. Any
 * builder answers for any build: its own from memory; another's from the cluster's
 * {@link BuildStore}, asking the builder that runs it (on {@link Names.Address#BUILDER_NODE_PREFIX})
 * while it is not finished, since only that one has its live log; the stored record when it does
 * not answer.
 */
public final class GetBuildAction {
  /** How long the builder running a build gets to answer for it. */
  static final long OWNER_TIMEOUT_MS = 5_000;

  private final BuildRegistry registry;
  private final BuildStore store;
  private final String nodeId;
  private final EventBus bus;

  public GetBuildAction(BuildRegistry registry, BuildStore store, String nodeId, EventBus bus) {
    this.registry = registry;
    this.store = store;
    this.nodeId = nodeId;
    this.bus = bus;
  }

  /** A build of any builder. */
  public Future<JsonObject> handle(JsonObject request) {
    return answer(request, true);
  }

  /** A build of this builder, or its stored record; never asks another node. */
  public Future<JsonObject> handleLocal(JsonObject request) {
    return answer(request, false);
  }

  private Future<JsonObject> answer(JsonObject request, boolean askOwner) {
    String id = request.getValue("buildId") instanceof String s ? s : "";
    long since = request.getValue("since") instanceof Number n ? n.longValue() : 0;
    JsonObject local = registry.get(id, since).orElse(null);
    if (local != null) {
      return Future.succeededFuture(local);
    }
    return store.get(id).compose(stored -> {
      if (stored == null) {
        return Future.failedFuture(PlatError.notFound("build_not_found", "no build '" + id + "'"));
      }
      String owner = stored.getString("node");
      if (askOwner && owner != null && !owner.equals(nodeId) && !finished(stored)) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(OWNER_TIMEOUT_MS)
          .addHeader(Actions.HEADER, Actions.Builder.GET);
        return bus.<JsonObject>request(Names.Address.BUILDER_NODE_PREFIX + owner, request, options)
          .map(reply -> reply.body())
          .recover(err -> Future.succeededFuture(since(stored, since)));
      }
      return Future.succeededFuture(since(stored, since));
    });
  }

  private static boolean finished(JsonObject record) {
    String state = record.getString("state", "");
    return state.equals(BuildState.SUCCEEDED.id()) || state.equals(BuildState.FAILED.id());
  }

  /** {@code record} with the log lines after {@code since} only. */
  private static JsonObject since(JsonObject record, long since) {
    JsonArray lines = new JsonArray();
    record.getJsonArray("log", new JsonArray()).forEach(line -> {
      if (line instanceof JsonObject l && l.getLong("seq", 0L) > since) {
        lines.add(l);
      }
    });
    return record.put("log", lines);
  }
}
