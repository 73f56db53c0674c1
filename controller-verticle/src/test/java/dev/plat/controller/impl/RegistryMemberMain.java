package dev.plat.controller.impl;

import dev.plat.cluster.ClusterBootstrap;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.testing.ChildJvm;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.LeaderTerms;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller member of {@link RegistryStoreIT} in its own JVM, with PlatConfig flags as
 * arguments: a {@link RegistryMirror} on its data dir and a registry store it leads with the term it
 * is told to take. Exits when the parent JVM goes away.
 */
public final class RegistryMemberMain {
  /** Request/reply: take a new term and load the registry as leader; replies the term. */
  static final String LEAD = "plat.test.registry.lead";
  /** Request/reply: save {@code {"functions":[record...]}} as the whole registry; replies "ok" once acknowledged. */
  static final String SAVE = "plat.test.registry.save";
  /** Send to the parent, once: {@code {"nodeId"}} when the child is ready. */
  static final String PARENT_READY = "plat.test.registry.ready";

  private RegistryMemberMain() {
  }

  public static void main(String[] args) {
    ChildJvm.exitWhenParentDies();
    PlatConfig config = PlatConfig.load(args, Map.of());
    ClusterBootstrap cluster = new ClusterBootstrap(new ClusterOptions(config).setWaitSecondsBeforeJoin(0)
      .setMaxNoHeartbeatSeconds(2));
    Future<Void> started = cluster.start()
      .compose(vertx -> RegistryMirror.start(vertx, cluster.hazelcast(), config.dataDir()))
      .compose(mirror -> serve(cluster, config));
    ChildJvm.readyOrHalt(RegistryMemberMain.class, started, cluster::members);
  }

  private static Future<Void> serve(ClusterBootstrap cluster, PlatConfig config) {
    Vertx vertx = cluster.vertx();
    vertx.setTimer(300_000, id -> Runtime.getRuntime().halt(4));
    AtomicLong term = new AtomicLong();
    RegistryStore store = RegistryStore.hazelcast(vertx, cluster.hazelcast(), config.dataDir(), term::get);
    vertx.eventBus().<String>consumer(LEAD, m -> LeaderTerms.next(vertx, cluster.hazelcast())
      .compose(t -> {
        term.set(t);
        return store.load().map(t);
      })
      .onComplete(ar -> reply(m, ar.map(String::valueOf))));
    return vertx.eventBus().<JsonObject>consumer(SAVE, m -> {
      JsonArray functions = m.body().getJsonArray("functions");
      List<FunctionRecord> records = new ArrayList<>();
      functions.forEach(f -> records.add(new FunctionRecord((JsonObject) f)));
      store.save(records).onComplete(ar -> reply(m, ar.map("ok")));
    }).completion()
      .compose(v -> ChildJvm.announce(vertx, PARENT_READY, new JsonObject().put("nodeId", config.nodeId())));
  }

  private static void reply(io.vertx.core.eventbus.Message<?> m, io.vertx.core.AsyncResult<String> ar) {
    if (ar.succeeded()) {
      m.reply(ar.result());
    } else {
      PlatError err = PlatError.from(ar.cause());
      m.fail(err.status(), err.toJson().encode());
    }
  }
}
