package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The activation a proxy asks for when a function has no ready instance. */
class ActivationTest {
  private final Harness h = new Harness();

  private void start(long pauseAfterMs, long idleTimeoutMs) {
    h.options.setPauseAfterMs(pauseAfterMs).setIdleTimeoutMs(idleTimeoutMs);
    h.start();
    h.core.startScaling();
  }

  private Future<JsonObject> activate(String function) {
    return h.core.activate(new JsonObject().put("function", function));
  }

  private static PlatError failure(Future<JsonObject> reply) {
    assertTrue(reply.failed(), "expected a failure, got " + reply.result());
    return PlatError.from(reply.cause());
  }

  private void deployMinZero(String name) {
    h.deploy(Harness.spec(name).put("scaling", new JsonObject().put("min", 0).put("max", 3)));
  }

  @Test
  void anUnknownFunctionIsNotFound() {
    start(0, 0);
    PlatError error = failure(activate("ghost"));
    assertEquals(404, error.status());
    assertEquals("function_not_found", error.code());
  }

  @Test
  void aStoppedFunctionIsNotActivated() {
    start(0, 0);
    h.deploy("hello");
    h.call(Actions.Controller.STOP, new JsonObject().put("name", "hello"));

    PlatError error = failure(activate("hello"));

    assertEquals(503, error.status());
    assertEquals("function_stopped", error.code());
    assertTrue(h.engine.running().isEmpty());
  }

  @Test
  void aReadyFunctionAnswersAtOnce() {
    start(0, 0);
    h.deploy("hello");
    JsonObject reply = activate("hello").result();
    assertEquals("ready", reply.getString("activation"));
    assertEquals(h.routes("hello").get(0).instance(), reply.getString("instance"));
    assertEquals(1, h.engine.running().size());
  }

  @Test
  void aPausedInstanceIsResumedAndRoutedAgain() {
    start(1_000, 0);
    h.deploy("hello");
    String container = h.engine.running().get(0).id;
    h.clock.advance(1_500);
    assertTrue(h.routes("hello").isEmpty());

    JsonObject reply = activate("hello").result();

    assertEquals("resumed", reply.getString("activation"));
    assertFalse(h.engine.containers.get(container).paused);
    assertEquals(1, h.routes("hello").size());
    assertEquals(reply.getString("instance"), h.routes("hello").get(0).instance());
    assertEquals("ready", h.get("hello").getString("state"));
    assertEquals(1, h.engine.containers.size(), "no new instance");
    List<String> ops = h.engine.ops;
    assertTrue(ops.indexOf("pause " + container) < ops.indexOf("unpause " + container), ops.toString());

    h.clock.advance(900);
    assertEquals(1, h.routes("hello").size(), "the activation counts as activity");
    h.clock.advance(600);
    assertTrue(h.routes("hello").isEmpty(), "paused again once idle");
  }

  @Test
  void concurrentActivationsOfAFunctionAtZeroStartOneInstance() {
    start(1_000, 3_000);
    deployMinZero("hello");
    h.clock.advance(4_000);
    assertTrue(h.engine.containers.isEmpty());
    int runsBefore = (int) h.engine.ops.stream().filter(op -> op.startsWith("run ")).count();
    h.probe.hold = true;

    List<Future<JsonObject>> replies = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      replies.add(activate("hello"));
    }

    assertEquals(1, h.engine.containers.size(), "one start for 50 waiting requests");
    assertTrue(replies.stream().noneMatch(Future::isComplete), "nobody is answered before the instance is ready");
    assertTrue(h.routes("hello").isEmpty());

    h.probe.ready(h.probe.waiting.keySet().iterator().next());

    assertTrue(replies.stream().allMatch(Future::succeeded));
    String instance = h.routes("hello").get(0).instance();
    for (Future<JsonObject> reply : replies) {
      assertEquals("started", reply.result().getString("activation"));
      assertEquals(instance, reply.result().getString("instance"));
    }
    assertEquals(runsBefore + 1, h.engine.ops.stream().filter(op -> op.startsWith("run ")).count());
    assertEquals("ready", h.get("hello").getString("state"));

    JsonObject again = activate("hello").result();
    assertEquals("ready", again.getString("activation"), "a later activation finds the ready instance");
  }

  @Test
  void anInstanceThatCrashesWhileActivatingFailsTheActivation() {
    start(1_000, 3_000);
    deployMinZero("hello");
    h.clock.advance(4_000);
    h.probe.hold = true;

    Future<JsonObject> first = activate("hello");
    Future<JsonObject> second = activate("hello");
    h.probe.fail(h.probe.waiting.keySet().iterator().next());

    for (Future<JsonObject> reply : List.of(first, second)) {
      PlatError error = failure(reply);
      assertEquals(503, error.status());
      assertEquals("activation_failed", error.code());
      assertTrue(error.getMessage().contains("not healthy"), error.getMessage());
    }
  }

  @Test
  void anActivationThatCannotStartAContainerFails() {
    start(1_000, 3_000);
    deployMinZero("hello");
    h.clock.advance(4_000);
    h.engine.failRuns = true;

    PlatError error = failure(activate("hello"));

    assertEquals("activation_failed", error.code());
    assertTrue(error.getMessage().contains("no such image"), error.getMessage());
  }
}
