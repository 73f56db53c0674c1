package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plat.cluster.BuildStore;
import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A build is readable from any builder: the one running it answers live, the others through the shared store. */
@ExtendWith(VertxExtension.class)
class BuildRecordsTest {
  private final BuildStore store = BuildStore.inMemory();
  private BuildRegistry registryA;
  private GetBuildAction getOnB;

  @BeforeEach
  void setUp(Vertx vertx) {
    BuildMirror mirrorA = new BuildMirror(e -> { }, store, "node-a");
    registryA = new BuildRegistry(mirrorA, 100, 10, Clock.systemUTC());
    mirrorA.attach(registryA);
    GetBuildAction getOnA = new GetBuildAction(registryA, store, "node-a", vertx.eventBus());
    vertx.eventBus().consumer(Names.Address.BUILDER_NODE_PREFIX + "node-a",
      new ActionRouter(Map.of(Actions.Builder.GET, getOnA::handleLocal)));
    BuildRegistry registryB = new BuildRegistry(e -> { }, 100, 10, Clock.systemUTC());
    getOnB = new GetBuildAction(registryB, store, "node-b", vertx.eventBus());
  }

  @Test
  void anotherBuilderAnswersALiveBuildFromItsBuilderAndAFinishedOneFromTheStore(VertxTestContext test) {
    String id = registryA.create("hello", "1", "python-flask", "abc");
    registryA.moveTo(id, BuildState.BUILDING);
    registryA.log(id, "Step 1/3");
    getOnB.handle(new JsonObject().put("buildId", id)).compose(live -> {
      test.verify(() -> {
        assertEquals("building", live.getString("state"));
        assertEquals("Step 1/3", live.getJsonArray("log").getJsonObject(0).getString("line"), "the live log, from node-a");
      });
      registryA.succeed(id, "127.0.0.1:5000/plat/hello:1", "sha256:i", "sha256:d");
      return getOnB.handle(new JsonObject().put("buildId", id).put("since", 0));
    }).onComplete(test.succeeding(done -> test.verify(() -> {
      assertEquals("succeeded", done.getString("state"));
      assertEquals("node-a", done.getString("node"));
      assertEquals("sha256:d", done.getString("digest"));
      assertEquals("Step 1/3", done.getJsonArray("log").getJsonObject(0).getString("line"));
      test.completeNow();
    })));
  }

  @Test
  void anUnknownBuildIsNotFound(VertxTestContext test) {
    getOnB.handle(new JsonObject().put("buildId", "nope")).onComplete(test.failing(err -> test.verify(() -> {
      assertEquals(404, ((PlatError) err).status());
      assertEquals("build_not_found", ((PlatError) err).code());
      test.completeNow();
    })));
  }
}
