package dev.plat.builder.impl;

import dev.plat.cluster.BuildStore;
import dev.plat.cluster.api.Actions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies the builds of this builder to the cluster's {@link BuildStore}, so any node can read them:
 * wraps the registry's publisher, and at each state event (and at the final {@code done} or
 * {@code failed} event, whose record holds the outcome and the last log lines) writes the build's
 * record as the registry has it then, with {@code "node"}: this node. Writes of one build run one
 * at a time, in order; a failed write is logged, never fails the build. Log events are only
 * passed on (the final record has the lines).
 */
public final class BuildMirror implements Consumer<JsonObject> {
  private static final Logger LOG = Logger.getLogger(BuildMirror.class.getName());

  private final Consumer<JsonObject> publisher;
  private final BuildStore store;
  private final String nodeId;
  private final Map<String, Future<Void>> writes = new HashMap<>();
  private volatile BuildRegistry registry;

  public BuildMirror(Consumer<JsonObject> publisher, BuildStore store, String nodeId) {
    this.publisher = publisher;
    this.store = store;
    this.nodeId = nodeId;
  }

  /** The registry whose records are written; set once, before the first build. */
  public void attach(BuildRegistry registry) {
    this.registry = registry;
  }

  public BuildStore store() {
    return store;
  }

  public String nodeId() {
    return nodeId;
  }

  @Override
  public void accept(JsonObject event) {
    publisher.accept(event);
    String type = event.getString("type");
    boolean finalState = type.equals(Actions.Builder.EVENT_STATE) && BuildState.valueOf(
      event.getString("state").toUpperCase(java.util.Locale.ROOT)).isFinal();
    if (type.equals(Actions.Builder.EVENT_LOG) || finalState) {
      return; // a final state event is followed at once by done or failed, written below
    }
    write(event.getString("buildId"), type.equals(Actions.Builder.EVENT_DONE) || type.equals(Actions.Builder.EVENT_FAILED));
  }

  /** Completes when every write of {@code id} asked for so far is done (succeeded or not). */
  public synchronized Future<Void> written(String id) {
    return writes.getOrDefault(id, Future.succeededFuture());
  }

  private synchronized void write(String id, boolean last) {
    Future<Void> previous = writes.getOrDefault(id, Future.succeededFuture());
    Future<Void> next = previous.transform(ignored -> registry.get(id, -1)
      .map(record -> store.put(id, record.put("node", nodeId)))
      .orElse(Future.succeededFuture())
      .recover(err -> {
        LOG.log(Level.WARNING, "cannot write the record of build " + id + " to the cluster", err);
        return Future.succeededFuture();
      }));
    writes.put(id, next);
    if (last) {
      next.onComplete(done -> forget(id, next));
    }
  }

  private synchronized void forget(String id, Future<Void> write) {
    writes.remove(id, write);
  }
}
