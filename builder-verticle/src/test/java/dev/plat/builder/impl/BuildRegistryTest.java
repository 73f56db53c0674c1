package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildRegistryTest {
  private final List<JsonObject> events = new ArrayList<>();
  private final BuildRegistry registry = new BuildRegistry(events::add, 10, 2, Clock.systemUTC());

  private List<String> types() {
    return events.stream().map(e -> e.getString("type") + (e.containsKey("state") ? ":" + e.getString("state") : "")).toList();
  }

  @Test
  void publishesStatesAndLinesInSequenceEndingWithDone() {
    String id = registry.create("hello", "3", "python-flask", "abc");
    registry.moveTo(id, BuildState.BUILDING);
    registry.log(id, "Step 1/2");
    registry.moveTo(id, BuildState.PUSHING);
    registry.succeed(id, "r/plat/hello:3", "sha256:i", "sha256:d");
    assertEquals(List.of("state:queued", "state:building", "log", "state:pushing", "state:succeeded", "done:succeeded"), types());
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.get(i);
      assertEquals(i + 1, e.getLong("seq"));
      assertEquals(id, e.getString("buildId"));
      assertEquals("hello", e.getString("function"));
      assertEquals("3", e.getString("version"));
    }
    JsonObject done = events.get(events.size() - 1);
    assertEquals("sha256:d", done.getString("digest"));
    assertEquals("r/plat/hello:3", done.getString("image"));
    assertTrue(id.startsWith("hello-3-"), id);
  }

  @Test
  void aFailedEventCarriesTheErrorAndTheLogTail() {
    String id = registry.create("hello", "1", "python-flask", null);
    registry.moveTo(id, BuildState.BUILDING);
    registry.log(id, "Collecting nothing-here");
    registry.log(id, "ERROR: No matching distribution found for nothing-here");
    registry.fail(id, "build_failed", "the image build failed: returned a non-zero code: 1");
    JsonObject failed = events.get(events.size() - 1);
    assertEquals("failed", failed.getString("type"));
    assertEquals("build_failed", failed.getString("code"));
    assertTrue(failed.getString("logTail").endsWith("ERROR: No matching distribution found for nothing-here"));
    JsonObject build = registry.get(id, 0).orElseThrow();
    assertEquals("failed", build.getString("state"));
    assertEquals(failed.getString("error"), build.getString("error"));
  }

  @Test
  void ignoresLinesAndStatesAfterTheEnd() {
    String id = registry.create("hello", "1", "python-flask", null);
    registry.fail(id, "build_failed", "x");
    int count = events.size();
    registry.log(id, "late");
    registry.moveTo(id, BuildState.PUSHING);
    registry.succeed(id, "i", "i", "d");
    assertEquals(count, events.size());
  }

  @Test
  void keepsTheLastLinesAndAnswersThoseAfterSince() {
    String id = registry.create("hello", "1", "python-flask", null);
    for (int i = 0; i < 15; i++) {
      registry.log(id, "line " + i);
    }
    JsonObject build = registry.get(id, 0).orElseThrow();
    assertEquals(10, build.getJsonArray("log").size());
    assertEquals("line 5", build.getJsonArray("log").getJsonObject(0).getString("line"));
    long lastSeq = build.getLong("seq");
    registry.log(id, "new");
    assertEquals(List.of("new"), registry.get(id, lastSeq).orElseThrow().getJsonArray("log").stream()
      .map(l -> ((JsonObject) l).getString("line")).toList());
  }

  @Test
  void forgetsTheOldestFinishedBuildsBeyondTheLimit() {
    String running = registry.create("a", "1", "r", null);
    List<String> finished = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = registry.create("b", String.valueOf(i), "r", null);
      registry.fail(id, "build_failed", "x");
      finished.add(id);
    }
    assertTrue(registry.get(running, 0).isPresent());
    assertTrue(registry.get(finished.get(0), 0).isEmpty());
    assertTrue(registry.get(finished.get(1), 0).isEmpty());
    assertTrue(registry.get(finished.get(3), 0).isPresent());
  }
}
