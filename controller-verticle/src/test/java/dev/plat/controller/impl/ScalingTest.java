package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pause, idle removal and autoscaling on a fake clock. */
class ScalingTest {
  private final Harness h = new Harness();

  private Harness start() {
    h.start();
    h.core.startScaling();
    return h;
  }

  private static JsonObject spec(String name, int min, int max) {
    return Harness.spec(name).put("scaling", new JsonObject().put("min", min).put("max", max));
  }

  private void report(String function, int inFlight, int queued, long requests) {
    h.core.onProxyStats(new JsonObject().put("node", "proxy-1").put("functions", new JsonObject()
      .put(function, new JsonObject().put("inFlight", inFlight).put("queued", queued).put("requests", requests))));
  }

  private JsonArray instances(String function) {
    return h.get(function).getJsonArray("instances");
  }

  private String instanceState(String function) {
    return instances(function).getJsonObject(0).getString("state");
  }

  @Test
  void anIdleInstanceIsPausedAfterItsRouteIsRemoved() {
    h.options.setPauseAfterMs(5_000);
    start().deploy("hello");
    String container = h.engine.running().get(0).id;
    List<Integer> routesAtPause = new ArrayList<>();
    h.engine.beforePause = id -> routesAtPause.add(h.routes("hello").size());

    h.clock.advance(4_000);
    assertEquals("ready", instanceState("hello"));
    assertEquals(1, h.routes("hello").size());

    h.clock.advance(1_500);

    assertTrue(h.engine.containers.get(container).paused);
    assertEquals(List.of(0), routesAtPause, "the route is gone before the container is frozen");
    assertTrue(h.routes("hello").isEmpty());
    assertEquals("paused", instanceState("hello"));
    assertEquals("paused", h.get("hello").getString("state"));
    assertEquals(1, h.events("instance", "paused").size());
    assertEquals(1, h.events("function", "paused").size());
  }

  @Test
  void theContainerIsFrozenOnlyARouteGraceAfterItsRouteIsGone() {
    h.options.setPauseAfterMs(5_000).setRouteGraceMs(250).setScaleIntervals(2_000, 100);
    start().deploy("hello");
    String container = h.engine.running().get(0).id;

    h.clock.advance(5_000);
    assertTrue(h.routes("hello").isEmpty());
    assertFalse(h.engine.containers.get(container).paused, "requests already sent may finish");
    h.clock.advance(250);
    assertTrue(h.engine.containers.get(container).paused, h.engine.ops.toString());
  }

  @Test
  void reportedTrafficKeepsInstancesServing() {
    h.options.setPauseAfterMs(5_000);
    start().deploy("hello");
    report("hello", 2, 0, 10);
    h.clock.advance(20_000);
    assertEquals("ready", instanceState("hello"), "in flight requests: busy");

    h.clock.advance(1_000);
    report("hello", 0, 0, 11);
    h.clock.advance(4_000);
    assertEquals("ready", instanceState("hello"), "a new request 4 s ago");
    h.clock.advance(2_000);
    assertEquals("paused", instanceState("hello"));
  }

  @Test
  void loadOnAPausedFunctionResumesEveryPausedInstance() {
    h.options.setPauseAfterMs(1_000).setIdleTimeoutMs(0);
    start().deploy(spec("hello", 3, 5));
    h.clock.advance(1_500);
    assertTrue(h.routes("hello").isEmpty());
    assertEquals(3, h.engine.containers.values().stream().filter(f -> f.paused).count());

    report("hello", 1, 20, 21);
    h.clock.advance(500);

    assertEquals(3, h.routes("hello").size(), "the capacity it has serves again");
    assertEquals(0, h.engine.containers.values().stream().filter(f -> f.paused).count());
    assertEquals(3, h.engine.containers.size(), "nothing new started");
  }

  @Test
  void pauseAfterZeroNeverPauses() {
    h.options.setPauseAfterMs(0);
    start().deploy("hello");
    h.clock.advance(60_000);
    assertEquals("ready", instanceState("hello"));
    assertFalse(h.engine.ops.stream().anyMatch(op -> op.startsWith("pause")));
  }

  @Test
  void theIdleTimeoutScalesAMinZeroFunctionToZero() {
    h.options.setPauseAfterMs(1_000).setIdleTimeoutMs(3_000);
    start().deploy(spec("hello", 0, 3));
    assertEquals(1, h.engine.running().size(), "a fresh deploy is ready at once");
    assertEquals("ready", h.get("hello").getString("state"));

    h.clock.advance(1_500);
    assertEquals("paused", instanceState("hello"));
    h.clock.advance(2_000);

    assertTrue(h.engine.containers.isEmpty(), h.engine.ops.toString());
    assertTrue(instances("hello").isEmpty());
    assertEquals("scaled-to-zero", h.get("hello").getString("state"));
    assertEquals(1, h.events("function", "scaled-to-zero").size());
    h.clock.advance(60_000);
    assertTrue(h.engine.containers.isEmpty(), "nothing starts without an activation");
  }

  @Test
  void theIdleTimeoutKeepsMinInstancesPaused() {
    h.options.setPauseAfterMs(1_000).setIdleTimeoutMs(10_000);
    start().deploy(spec("hello", 1, 5));
    report("hello", 40, 0, 100);
    h.clock.advance(2_000);
    assertEquals(4, h.engine.running().size());
    report("hello", 0, 0, 100);

    h.clock.advance(12_000);

    assertEquals(1, h.engine.running().size(), h.engine.ops.toString());
    assertEquals("paused", instanceState("hello"));
    assertEquals("paused", h.get("hello").getString("state"));
  }

  @Test
  void sustainedLoadScalesUpToMaxAndIdlenessBackDownOneAtATime() {
    h.options.setPauseAfterMs(0).setIdleTimeoutMs(0);
    start().deploy(spec("hello", 1, 3));
    report("hello", 30, 0, 30);

    h.clock.advance(2_000);
    assertEquals(3, h.engine.running().size());
    assertEquals(3, h.routes("hello").size());
    assertEquals("ready", h.get("hello").getString("state"));

    report("hello", 0, 0, 30);
    h.clock.advance(2_000);
    assertEquals(3, h.engine.running().size(), "panic mode never scales down");
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      h.clock.advance(2_000);
      counts.add(h.engine.running().size());
    }
    assertEquals(1, counts.get(counts.size() - 1), counts.toString());
    for (int i = 1; i < counts.size(); i++) {
      assertTrue(counts.get(i - 1) - counts.get(i) <= 1, "one instance less per decision at most: " + counts);
    }
  }

  @Test
  void theAutoscalerAimsAtSeventyPercentOfTheFunctionsConcurrency() {
    h.options.setPauseAfterMs(0).setIdleTimeoutMs(0);
    start().deploy(spec("hello", 1, 10).put("limits", new JsonObject().put("concurrency", 10)));
    report("hello", 14, 0, 14);
    h.clock.advance(2_000);
    assertEquals(2, h.engine.running().size(), "14 / (0.7 * 10)");
  }

  @Test
  void routesCarryTheFunctionsConcurrencyAndTimeout() {
    start().deploy(Harness.spec("hello").put("limits", new JsonObject().put("concurrency", 4).put("timeoutSeconds", 20)));
    Route route = h.routes("hello").get(0);
    assertEquals(4, route.concurrency());
    assertEquals(20, route.timeoutSeconds());
  }

  @Test
  void aControllerRestartAdoptsAPausedContainerAsPaused() {
    FunctionSpec hello = new FunctionSpec(new JsonObject().put("name", "hello").put("runtime", "python-flask")
      .put("version", 2).put("image", "reg/plat/hello:2").put("digest", "sha256:2"));
    h.store.saved = List.of(new FunctionRecord(hello, FunctionRecord.Desired.RUNNING));
    FakeContainerEngine.Fake existing = h.engine.existing(Map.of(Names.Label.FUNCTION, "hello",
      Names.Label.VERSION, "2", Names.Label.INSTANCE, "inst1", Names.Label.NODE, Harness.NODE,
      Names.Label.CONFIG, InstanceSpecs.fingerprint(hello)), true);
    existing.paused = true;
    h.routes.put(new Route("hello", "inst1", 2, Harness.NODE, "/data/sockets/inst1/fn.sock", "127.0.0.1:8081"));

    start();

    assertEquals(1, h.engine.containers.size(), h.engine.ops.toString());
    assertTrue(existing.paused);
    assertTrue(h.routes("hello").isEmpty(), "no route to a frozen instance");
    assertEquals("paused", instanceState("hello"));
    assertEquals("paused", h.get("hello").getString("state"));
  }
}
