package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.Actions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A deploy acknowledged by a leader that then dies is finished by the controller that takes over
 * (through the shared deploy journal): at once when its build ended meanwhile (the record says so),
 * or when the build's final event comes.
 */
class DeployTakeoverTest {
  private final Harness first = new Harness().start();

  private String acknowledgedDeploy() {
    JsonObject reply = first.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/tmp/u.zip").put("sha256", "abc"));
    assertTrue(first.store.saved.isEmpty(), "nothing registered while the build runs");
    return reply.getString("buildId");
  }

  @Test
  void aBuildThatEndedWhileNoLeaderListenedIsRegisteredFromItsRecord() {
    String buildId = acknowledgedDeploy();
    // the leader dies; the build ends and its final event goes out unheard
    Harness next = new Harness(first);
    next.buildRecords.put(buildId, new JsonObject().put("state", "succeeded")
      .put("image", "127.0.0.1:5000/plat/hello:1").put("digest", "sha256:1"));
    next.start();

    assertEquals(1, next.store.saved.size(), "registered by the next leader");
    assertEquals(1, next.store.saved.get(0).spec().version());
    assertEquals("127.0.0.1:5000/plat/hello:1", next.store.saved.get(0).spec().image());
    assertEquals(1, next.engine.running().size());
    assertTrue(next.journal.all().result().isEmpty(), "the deploy is done: out of the journal");
  }

  @Test
  void aBuildStillRunningAtTheTakeoverIsRegisteredWhenItsEventComes() {
    String buildId = acknowledgedDeploy();
    Harness next = new Harness(first);
    next.buildRecords.put(buildId, new JsonObject().put("state", "building"));
    next.start();
    assertTrue(next.store.saved.isEmpty());

    next.core.onBuildEvent(new JsonObject().put("type", "done").put("buildId", buildId).put("function", "hello")
      .put("version", 1L).put("image", "127.0.0.1:5000/plat/hello:1").put("digest", "sha256:1"));

    assertEquals(1, next.store.saved.size());
    assertEquals(1, next.engine.running().size());
    assertTrue(next.journal.all().result().isEmpty());
  }

  @Test
  void aBuildWhoseEventWasMissedAndWhoseRecordCameLateIsRegisteredFromTheRecord() {
    String buildId = acknowledgedDeploy();
    Harness next = new Harness(first);
    next.buildRecords.put(buildId, new JsonObject().put("state", "pushing"));
    next.start();
    // the final event went out before the takeover; the record says so only now
    next.buildRecords.put(buildId, new JsonObject().put("state", "succeeded")
      .put("image", "127.0.0.1:5000/plat/hello:1").put("digest", "sha256:1"));
    assertTrue(next.store.saved.isEmpty());

    next.clock.advance(1_000);

    assertEquals(1, next.store.saved.size(), "registered from the record read again");
    assertTrue(next.journal.all().result().isEmpty());
  }

  @Test
  void aFailedBuildIsReportedAndForgotten() {
    String buildId = acknowledgedDeploy();
    Harness next = new Harness(first);
    next.buildRecords.put(buildId, new JsonObject().put("state", "failed").put("error", "pip install failed"));
    next.start();

    assertTrue(next.store.saved.isEmpty());
    assertTrue(next.journal.all().result().isEmpty());
    assertEquals(1, next.events("function", "build_failed").size(), next.events.toString());
  }
}
