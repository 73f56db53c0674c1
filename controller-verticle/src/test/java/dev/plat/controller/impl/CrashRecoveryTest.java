package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashRecoveryTest {
  private final Harness h = new Harness().start();

  private String onlyContainer() {
    assertEquals(1, h.engine.running().size(), h.engine.ops.toString());
    return h.engine.running().get(0).id;
  }

  @Test
  void aCrashedInstanceLosesItsRouteAndIsRestartedAfterTheBackOff() {
    h.deploy("hello");
    String first = onlyContainer();

    h.engine.die(first, 1);

    assertTrue(h.routes("hello").isEmpty());
    assertFalse(h.engine.containers.containsKey(first), "the dead container is removed");
    assertTrue(h.engine.running().isEmpty(), "no restart before the back-off");
    assertEquals("exited with code 1", h.events("instance", "crashed").get(0).getString("error"));
    h.clock.advance(999);
    assertTrue(h.engine.running().isEmpty());
    h.clock.advance(1);
    assertEquals(1, h.routes("hello").size());
    String second = onlyContainer();

    h.engine.die(second, 1);
    h.clock.advance(1999);
    assertTrue(h.engine.running().isEmpty(), "the second back-off is twice as long");
    h.clock.advance(1);
    assertEquals(1, h.routes("hello").size());
    assertEquals("ready", h.get("hello").getString("state"));
  }

  @Test
  void aCrashLoopMarksTheFunctionFailingWithItsLastLogLines() {
    h.deploy("hello");
    for (int i = 0; i < 5; i++) {
      String id = onlyContainer();
      h.engine.logs.put(id, List.of("Traceback (most recent call last):", "ZeroDivisionError: crash " + i));
      h.engine.die(id, 3);
      h.clock.advance(16_000);
    }
    // the fifth crash made it failing; restarts go on with back-off
    JsonObject status = h.get("hello");
    assertEquals("failing", status.getString("state"), status.encodePrettily());
    assertEquals("exited with code 3", status.getString("lastError"));
    assertEquals(new JsonArray().add("Traceback (most recent call last):").add("ZeroDivisionError: crash 4"),
      status.getJsonArray("lastLogs"));
    JsonObject failing = h.events("function", "failing").get(0);
    assertEquals("ZeroDivisionError: crash 4", failing.getJsonArray("logs").getString(1));
  }

  @Test
  void anInstanceThatNeverBecomesHealthyCountsAsACrash() {
    h.probe.hold = true;
    h.deploy("hello");
    String container = onlyContainer();

    h.probe.fail(h.probe.waiting.keySet().iterator().next());

    assertFalse(h.engine.containers.containsKey(container));
    assertTrue(h.events("instance", "crashed").get(0).getString("error").startsWith("not healthy within"));
    h.clock.advance(1000);
    assertEquals(1, h.engine.running().size(), "restarted after the back-off");
  }

  @Test
  void anImageThatCannotRunCountsAsACrash() {
    h.engine.failRuns = true;
    h.deploy("hello");
    assertTrue(h.events("instance", "crashed").get(0).getString("error").contains("no such image"));
  }

  @Test
  void theDeathOfAnInstanceBeingStoppedIsNotACrash() {
    h.deploy("hello");
    h.call("stop", new JsonObject().put("name", "hello"));
    assertTrue(h.events("instance", "crashed").isEmpty());
    assertEquals(0, h.clock.pending());
  }
}
