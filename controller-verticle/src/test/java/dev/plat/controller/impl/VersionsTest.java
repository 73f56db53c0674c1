package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Route;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VersionsTest {
  private static final String IMAGE = "127.0.0.1:5000/plat/hello:";

  private Harness h = new Harness().start();

  private JsonObject versions(String name) {
    return h.call(Actions.Controller.VERSIONS, new JsonObject().put("name", name));
  }

  private List<Long> versionNumbers(String name) {
    JsonArray list = versions(name).getJsonArray("versions");
    return IntStream.range(0, list.size()).mapToObj(i -> list.getJsonObject(i).getLong("version")).toList();
  }

  private JsonObject rollback(String name, Long to) {
    JsonObject body = new JsonObject().put("name", name);
    if (to != null) {
      body.put("to", to);
    }
    return h.call(Actions.Controller.ROLLBACK, body);
  }

  @Test
  void everyDeployRecordsAVersionListedNewestFirst() {
    h.deploy(Harness.spec("hello").put("env", new JsonObject().put("GREETING", "one")));
    h.deploy(Harness.spec("hello").put("env", new JsonObject().put("GREETING", "two")));

    JsonObject reply = versions("hello");

    assertEquals(2, reply.getLong("current"));
    JsonObject newest = reply.getJsonArray("versions").getJsonObject(0);
    JsonObject oldest = reply.getJsonArray("versions").getJsonObject(1);
    assertEquals(2, newest.getLong("version"));
    assertTrue(newest.getBoolean("current"));
    assertFalse(oldest.getBoolean("current"));
    assertEquals(IMAGE + "1", oldest.getString("image"));
    assertEquals("sha256:1", oldest.getString("digest"));
    assertEquals("deploy", oldest.getString("origin"));
    assertEquals("one", oldest.getJsonObject("spec").getJsonObject("env").getString("GREETING"));
    assertEquals("python-flask", oldest.getJsonObject("spec").getString("runtime"));
    assertEquals(2, h.store.saved.get(0).versions().size(), "the versions are in the saved record");
  }

  @Test
  void keepsAtMostVersionsKeptAndRemovesTheImagesThatDropOut() {
    h = new Harness();
    h.options.setVersionsKept(2);
    h.start();
    h.deploy("hello");
    h.deploy("hello");
    assertTrue(h.cleaned.isEmpty(), h.cleaned.toString());

    h.deploy("hello");

    assertEquals(List.of(3L, 2L), versionNumbers("hello"));
    assertEquals(List.of("image " + IMAGE + "1"), h.cleaned);
  }

  @Test
  void theVersionsSurviveANewController() {
    h.deploy("hello");
    h.deploy("hello");

    Harness next = new Harness(h).start();

    assertEquals(List.of(2L, 1L), next.call(Actions.Controller.VERSIONS, new JsonObject().put("name", "hello"))
      .getJsonArray("versions").stream().map(v -> ((JsonObject) v).getLong("version")).toList());
  }

  @Test
  void aRollbackRegistersANewVersionWithThePreviousOnesSpecAndImage() {
    h.deploy(Harness.spec("hello").put("env", new JsonObject().put("GREETING", "one")));
    h.deploy(Harness.spec("hello").put("env", new JsonObject().put("GREETING", "two")));
    int buildsBefore = h.buildRequests.size();

    JsonObject reply = rollback("hello", null);

    assertEquals(new JsonObject().put("name", "hello").put("version", 3L).put("rolledBackFrom", 1L), reply);
    assertEquals(buildsBefore, h.buildRequests.size(), "no rebuild");
    JsonObject status = h.get("hello");
    assertEquals(3, status.getLong("version"));
    assertEquals(IMAGE + "1", status.getString("image"));
    assertEquals("sha256:1", status.getString("digest"));
    assertEquals("one", status.getJsonObject("env").getString("GREETING"));
    List<Route> routes = h.routes("hello");
    assertEquals(1, routes.size());
    assertEquals(3, routes.get(0).version());
    FakeContainerEngine.Fake running = h.engine.running().get(0);
    assertEquals(IMAGE + "1", running.spec.image());
    assertEquals(List.of(3L, 2L, 1L), versionNumbers("hello"));
    assertEquals("rollback of v1", versions("hello").getJsonArray("versions").getJsonObject(0).getString("origin"));
  }

  @Test
  void aRollbackToANamedVersion() {
    h.deploy("hello");
    h.deploy("hello");
    h.deploy("hello");

    JsonObject reply = rollback("hello", 1L);

    assertEquals(4, reply.getLong("version"));
    assertEquals(1, reply.getLong("rolledBackFrom"));
    assertEquals(IMAGE + "1", h.get("hello").getString("image"));
    assertEquals(5, h.deploy("hello").getLong("version"), "the next deploy comes after the rollback");
  }

  @Test
  void aRolledBackVersionsInstancesReplaceTheOldOnesOnlyOnceReady() {
    h.deploy("hello");
    h.deploy("hello");
    Route old = h.routes("hello").get(0);
    String oldContainer = h.engine.running().get(0).id;
    h.probe.hold = true;

    rollback("hello", null);

    assertEquals(List.of(old), h.routes("hello"), "the old instance serves while the new one starts");
    assertTrue(h.engine.containers.get(oldContainer).running);
    h.probe.ready(h.probe.waiting.keySet().iterator().next());
    assertEquals(1, h.routes("hello").size());
    assertEquals(3, h.routes("hello").get(0).version());
    assertFalse(h.engine.containers.containsKey(oldContainer), "the old container is removed");
  }

  @Test
  void aRollbackTakesAVersionAboveADeployStillBuildingWhoseResultIsThenIgnored() {
    h.deploy("hello");
    h.deploy("hello");
    JsonObject building = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    assertEquals(3, building.getLong("version"));

    assertEquals(4, rollback("hello", null).getLong("version"));
    h.core.onBuildEvent(new JsonObject().put("type", "done").put("buildId", building.getString("buildId"))
      .put("function", "hello").put("version", 3).put("image", IMAGE + "3").put("digest", "sha256:3"));

    assertEquals(4, h.get("hello").getLong("version"));
    assertEquals(IMAGE + "1", h.get("hello").getString("image"));
    assertTrue(h.cleaned.contains("image " + IMAGE + "3"), "the late build's image is removed");
  }

  @Test
  void anImageAKeptVersionStillRunsIsNotRemoved() {
    h = new Harness();
    h.options.setVersionsKept(2);
    h.start();
    h.deploy("hello");
    h.deploy("hello");

    rollback("hello", null); // v3 runs v1's image; v1 drops out

    assertEquals(List.of(3L, 2L), versionNumbers("hello"));
    assertTrue(h.cleaned.isEmpty(), h.cleaned.toString());
  }

  @Test
  void errorsNameTheUnknownFunctionOrVersionOrTheMissingImage() {
    PlatError noFunction = assertThrows(PlatError.class, () -> rollback("nope", null));
    assertEquals(404, noFunction.status());
    assertEquals("function_not_found", noFunction.code());
    assertEquals(404, assertThrows(PlatError.class, () -> versions("nope")).status());

    h.deploy("hello");
    PlatError nothingBefore = assertThrows(PlatError.class, () -> rollback("hello", null));
    assertEquals(404, nothingBefore.status());
    assertEquals("version_not_found", nothingBefore.code());

    h.deploy("hello");
    PlatError noVersion = assertThrows(PlatError.class, () -> rollback("hello", 7L));
    assertEquals(404, noVersion.status());
    assertTrue(noVersion.getMessage().contains("v7"), noVersion.getMessage());

    PlatError bad = assertThrows(PlatError.class, () -> h.call(Actions.Controller.ROLLBACK,
      new JsonObject().put("name", "hello").put("to", "one")));
    assertEquals(400, bad.status());

    h.goneImages.add(IMAGE + "1");
    PlatError gone = assertThrows(PlatError.class, () -> rollback("hello", 1L));
    assertEquals(409, gone.status());
    assertEquals("image_gone", gone.code());
    assertEquals(2, h.get("hello").getLong("version"), "nothing registered");
  }
}
