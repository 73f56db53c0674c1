package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deploys waiting for their build: the early "built" signal besides the final events. */
class BuildWatcherTest {
  private final BuildWatcher watcher = new BuildWatcher(new ManualScheduler(), 60_000);
  private final List<String> built = new ArrayList<>();
  private final List<String> done = new ArrayList<>();

  BuildWatcherTest() {
    watcher.onBuilt((p, image) -> {
      built.add(p.candidate().name() + " v" + p.candidate().version() + " " + image.imageId()
        + (image.context() == null ? "" : " " + image.context()));
      return io.vertx.core.Future.succeededFuture();
    });
    watcher.onDone((p, e) -> done.add(p.candidate().name() + " v" + p.candidate().version()));
  }

  private static FunctionSpec candidate(String name, long version) {
    return new FunctionSpec(name, "python-flask", version, null, null, Map.of(), null, null, null, null, false, null,
      List.of(), 0, 0);
  }

  private static JsonObject state(String buildId, String state, String imageId) {
    JsonObject event = new JsonObject().put("buildId", buildId).put("function", "hello").put("version", "2")
      .put("type", "state").put("state", state);
    return imageId == null ? event : event.put("imageId", imageId);
  }

  @Test
  void thePushingStateOfAWatchedBuildTellsItsImageIdBeforeTheBuildEnds() {
    watcher.accepted(watcher.reserve(candidate("hello", 2)), "b-2");
    watcher.onEvent(state("b-2", "building", null));
    watcher.onEvent(state("b-2", "pushing", "sha256:abc"));
    assertEquals(List.of("hello v2 sha256:abc"), built);
    assertTrue(done.isEmpty(), "the deploy still waits for the done event");
    assertTrue(watcher.watches("b-2"));
    watcher.onEvent(new JsonObject().put("buildId", "b-2").put("function", "hello").put("version", "2").put("type", "done")
      .put("image", "r/plat/hello:2").put("digest", "sha256:d"));
    assertEquals(List.of("hello v2"), done);
  }

  @Test
  void theLocalBuildersContextMessageTellsTheImageIdAndWhereItsContextIs() {
    watcher.accepted(watcher.reserve(candidate("hello", 2)), "b-2");
    JsonObject context = new JsonObject().put("buildId", "b-2").put("function", "hello").put("version", 2)
      .put("imageId", "sha256:abc").put("context", "/data/builds/b-2.tar");
    watcher.onContext(context);
    watcher.onContext(context.copy().put("buildId", "b-other").put("function", "other"));
    assertEquals(List.of("hello v2 sha256:abc /data/builds/b-2.tar"), built);
  }

  @Test
  void aPushingStateWithoutImageIdOrOfABuildNobodyWatchesIsIgnored() {
    watcher.accepted(watcher.reserve(candidate("hello", 2)), "b-2");
    watcher.onEvent(state("b-2", "pushing", null));
    watcher.onEvent(state("b-other", "pushing", "sha256:abc").put("function", "other"));
    assertTrue(built.isEmpty(), built.toString());
  }
}
