package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Route;
import dev.plat.cluster.api.Actions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollingUpdateTest {
  private final Harness h = new Harness().start();

  @Test
  void theNewVersionIsReadyAndRoutedBeforeTheOldOneIsStopped() {
    h.deploy("hello");
    Route old = h.routes("hello").get(0);
    String oldContainer = h.engine.containers.keySet().iterator().next();
    h.probe.hold = true;

    h.deploy("hello");

    assertEquals(List.of(old), h.routes("hello"), "the old instance serves while the new one starts");
    assertTrue(h.engine.containers.get(oldContainer).running);
    assertEquals("starting", h.get("hello").getString("state"));
    String newSocket = h.probe.waiting.keySet().iterator().next();

    h.probe.ready(newSocket);

    List<Route> routes = h.routes("hello");
    assertEquals(1, routes.size());
    assertEquals(2, routes.get(0).version());
    assertTrue(!h.engine.containers.containsKey(oldContainer), "the old container is removed");
    List<String> ops = h.engine.ops;
    assertTrue(ops.indexOf("run c2") < ops.indexOf("stop " + oldContainer), ops.toString());
    assertEquals("ready", h.get("hello").getString("state"));
  }

  @Test
  void theOldInstanceGetsTheStopSignalOnlyAGraceAfterItsRouteIsGone() {
    Harness graced = new Harness();
    graced.options.setRouteGraceMs(250);
    graced.start();
    graced.deploy("hello");
    String oldContainer = graced.engine.containers.keySet().iterator().next();

    graced.deploy("hello");

    assertEquals(1, graced.routes("hello").size());
    assertEquals(2, graced.routes("hello").get(0).version(), "only the new version is routed");
    assertTrue(graced.engine.containers.get(oldContainer).running, "the old one finishes what it serves");
    assertTrue(!graced.engine.ops.contains("stop " + oldContainer));
    graced.clock.advance(249);
    assertTrue(graced.engine.containers.get(oldContainer).running);

    graced.clock.advance(1);

    assertTrue(!graced.engine.containers.containsKey(oldContainer), graced.engine.ops.toString());
    assertEquals(1, graced.engine.running().size());
  }

  @Test
  void anUnhealthyNewVersionNeverReplacesTheOldOne() {
    h.deploy("hello");
    Route old = h.routes("hello").get(0);
    h.probe.hold = true;
    h.deploy("hello");

    h.probe.fail(h.probe.waiting.keySet().iterator().next());

    assertEquals(List.of(old), h.routes("hello"));
    assertEquals(1, h.engine.running().size());
    assertEquals(1, h.events("instance", "crashed").size());
  }

  @Test
  void aPatchOfEnvRollsToNewInstancesWithTheNewEnv() {
    h.deploy("hello");
    String before = h.routes("hello").get(0).instance();

    JsonObject status = h.call(Actions.Controller.PATCH, new JsonObject().put("name", "hello")
      .put("changes", new JsonObject().put("env", new JsonObject().put("GREETING", "hi"))));

    assertEquals("ready", status.getString("state"));
    assertEquals("hi", status.getJsonObject("env").getString("GREETING"));
    String after = h.routes("hello").get(0).instance();
    assertTrue(!before.equals(after));
    FakeContainerEngine.Fake running = h.engine.running().get(0);
    assertEquals("hi", running.spec.env().get("GREETING"));
    assertEquals(1, h.engine.running().size());
    assertEquals("hi", h.store.saved.get(0).spec().env().get("GREETING"));
  }

  @Test
  void aPatchOfRoutingFieldsOnlyKeepsTheInstances() {
    h.deploy("hello");
    String before = h.routes("hello").get(0).instance();

    JsonObject status = h.call(Actions.Controller.PATCH, new JsonObject().put("name", "hello")
      .put("changes", new JsonObject().put("public", true).put("project", "p").put("service", "s")));

    assertEquals(before, h.routes("hello").get(0).instance());
    assertTrue(status.getBoolean("public"));
    assertEquals("http://p-s.platform.test:8080/", status.getString("url"));
  }

  @Test
  void aPatchOfScalingStartsAndStopsInstances() {
    h.deploy("hello");
    h.call(Actions.Controller.PATCH, new JsonObject().put("name", "hello")
      .put("changes", new JsonObject().put("scaling", new JsonObject().put("min", 3))));
    assertEquals(3, h.routes("hello").size());
    assertEquals(5, h.store.saved.get(0).spec().scaling().max(), "scaling is merged field by field");

    h.call(Actions.Controller.PATCH, new JsonObject().put("name", "hello")
      .put("changes", new JsonObject().put("scaling", new JsonObject().put("min", 1))));
    assertEquals(1, h.routes("hello").size());
    assertEquals(1, h.engine.running().size());
  }

  @Test
  void theProbeAsksTheFunctionsHealthPathWithinItsStartTimeoutOrTheNodesDefault() {
    h.deploy("hello");
    String first = h.probe.paths.keySet().iterator().next();
    assertEquals("/_/health", h.probe.paths.get(first));
    assertEquals(h.options.getStartTimeoutMs(), h.probe.timeouts.get(first));

    h.deploy(Harness.spec("hello").put("healthPath", "/ready").put("startTimeoutSeconds", 7));

    String probed = List.copyOf(h.probe.paths.keySet()).get(h.probe.paths.size() - 1);
    assertTrue(!probed.equals(first), "a new instance");
    assertEquals("/ready", h.probe.paths.get(probed));
    assertEquals(7_000L, h.probe.timeouts.get(probed));
  }

  @Test
  void aPatchOfTheHealthPathRollsButOneOfLabelsAndDescriptionKeepsTheInstances() {
    h.deploy("hello");
    String before = h.routes("hello").get(0).instance();

    JsonObject status = h.call(Actions.Controller.PATCH, new JsonObject().put("name", "hello")
      .put("changes", new JsonObject().put("labels", new JsonObject().put("team", "shop")).put("description", "cart")));

    assertEquals(before, h.routes("hello").get(0).instance());
    assertEquals("shop", status.getJsonObject("labels").getString("team"));
    assertEquals("cart", status.getString("description"));

    status = h.call(Actions.Controller.PATCH, new JsonObject().put("name", "hello")
      .put("changes", new JsonObject().put("healthPath", "/ready").put("startTimeoutSeconds", 12)));

    assertTrue(!before.equals(h.routes("hello").get(0).instance()), "new instances with the new probe");
    assertEquals("/ready", status.getString("healthPath"));
    assertEquals(12, status.getInteger("startTimeoutSeconds"));
    assertEquals("shop", status.getJsonObject("labels").getString("team"), "labels kept");
  }
}
