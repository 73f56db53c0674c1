package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.FunctionRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LifecycleActionsTest {
  private final Harness h = new Harness().start();

  private JsonObject name(String name) {
    return new JsonObject().put("name", name);
  }

  @Test
  void stopRemovesContainersAndRoutesAndIsRememberedStartBringsThemBack() {
    h.deploy("hello");

    JsonObject stopped = h.call(Actions.Controller.STOP, name("hello"));

    assertEquals("stopped", stopped.getString("state"));
    assertTrue(stopped.getJsonArray("instances").isEmpty());
    assertTrue(h.engine.containers.isEmpty());
    assertTrue(h.routes("hello").isEmpty());
    assertTrue(h.dirs.existing.isEmpty(), "socket folders are removed");
    assertEquals(FunctionRecord.Desired.STOPPED, h.store.saved.get(0).desired());

    JsonObject started = h.call(Actions.Controller.START, name("hello"));

    assertEquals("ready", started.getString("state"));
    assertEquals(1, h.routes("hello").size());
    assertEquals(FunctionRecord.Desired.RUNNING, h.store.saved.get(0).desired());
  }

  @Test
  void startAnswersOnlyOnceTheInstanceIsReady() {
    h.deploy("hello");
    h.call(Actions.Controller.STOP, name("hello"));
    h.probe.hold = true;

    Future<JsonObject> reply = h.core.handle(Actions.Controller.START, name("hello"));
    assertTrue(!reply.isComplete());
    h.probe.ready(h.probe.waiting.keySet().iterator().next());

    assertEquals("ready", reply.result().getString("state"));
  }

  @Test
  void startFailsWithTheCrashAndItsLogsWhenTheInstanceCrashes() {
    h.deploy("hello");
    h.call(Actions.Controller.STOP, name("hello"));
    h.probe.hold = true;
    Future<JsonObject> reply = h.core.handle(Actions.Controller.START, name("hello"));
    String container = h.engine.running().get(0).id;
    h.engine.logs.put(container, java.util.List.of("ImportError: no module named foo"));

    h.engine.die(container, 1);

    PlatError error = PlatError.from(reply.cause());
    assertEquals(503, error.status());
    assertEquals("start_failed", error.code());
    assertTrue(error.getMessage().contains("ImportError"), error.getMessage());
  }

  @Test
  void deleteRemovesContainersRoutesAndTheRegistryEntry() {
    h.deploy("hello");

    JsonObject reply = h.call(Actions.Controller.DELETE, name("hello").put("removeImage", true));

    assertEquals(new JsonObject().put("name", "hello").put("deleted", true), reply);
    assertTrue(h.engine.containers.isEmpty());
    assertTrue(h.routes("hello").isEmpty());
    assertTrue(h.store.saved.isEmpty());
    assertEquals(java.util.List.of("127.0.0.1:5000/plat/hello:1"), h.engine.removedImages);
    assertEquals(java.util.List.of("function hello"), h.cleaned, "every image and registry tag of the function");
    assertEquals(1, h.events("function", "deleted").size());
    assertEquals("function_not_found", assertThrows(PlatError.class, () -> h.get("hello")).code());
  }

  /**
   * A drain may take the function's whole timeout, and dockerd may be slow to remove images: the
   * answer waits for neither (a client with a shorter patience than the drain got none). A deploy of
   * the same name waits for them, or the removal would take the new version's image.
   */
  @Test
  void deleteAnswersOnceTheEntryAndRoutesAreGoneWhileTheInstancesStillDrainAndARedeployWaitsForThem() {
    h.deploy("hello");
    io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
    h.engine.draining = drained::future;

    Future<JsonObject> reply = h.core.handle(Actions.Controller.DELETE, name("hello").put("removeImage", true));

    assertTrue(reply.isComplete(), "the answer does not wait for the drain");
    assertEquals(new JsonObject().put("name", "hello").put("deleted", true), reply.result());
    assertTrue(h.routes("hello").isEmpty(), "its URL stops answering by the answer");
    assertTrue(h.store.saved.isEmpty());
    assertEquals(1, h.events("function", "deleted").size());
    assertEquals("function_not_found", assertThrows(PlatError.class, () -> h.get("hello")).code());
    assertEquals(1, h.engine.running().size(), "still draining");
    assertTrue(h.cleaned.isEmpty(), "the images go after the instances");

    Future<JsonObject> redeploy = h.core.handle(Actions.Controller.DEPLOY, new JsonObject()
      .put("spec", Harness.spec("hello")).put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    assertTrue(!redeploy.isComplete(), "a deploy of the name waits for the removal");
    int buildsBefore = h.buildRequests.size();

    drained.complete();

    assertTrue(h.engine.containers.isEmpty());
    assertEquals(java.util.List.of("127.0.0.1:5000/plat/hello:1"), h.engine.removedImages);
    assertEquals(java.util.List.of("function hello"), h.cleaned);
    assertTrue(redeploy.succeeded(), () -> String.valueOf(redeploy.cause()));
    assertEquals(buildsBefore + 1, h.buildRequests.size(), "the new build starts after the removal");
  }

  @Test
  void aBuildFinishingAfterTheDeleteRegistersNothing() {
    h.deploy("hello");
    JsonObject pending = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/u.zip"));
    h.call(Actions.Controller.DELETE, name("hello"));

    h.core.onBuildEvent(new JsonObject().put("type", "done").put("buildId", pending.getString("buildId"))
      .put("function", "hello").put("version", 2).put("image", "img:2"));

    assertTrue(h.store.saved.isEmpty());
    assertTrue(h.engine.containers.isEmpty());
  }

  @Test
  void unknownFunctionsAre404AndUnknownActions400() {
    for (String action : new String[] {"get", "patch", "delete", "start", "stop"}) {
      PlatError error = assertThrows(PlatError.class, () -> h.call(action, name("nope")
        .put("changes", new JsonObject().put("public", true))));
      assertEquals(404, error.status(), action);
      assertEquals("function_not_found", error.code(), action);
    }
    assertEquals("unknown_action", assertThrows(PlatError.class, () -> h.call("explode", name("x"))).code());
  }

  @Test
  void patchRefusesFieldsThatCannotChange() {
    h.deploy("hello");
    PlatError error = assertThrows(PlatError.class, () -> h.call(Actions.Controller.PATCH, name("hello")
      .put("changes", new JsonObject().put("image", "evil:1"))));
    assertEquals("bad_patch", error.code());
  }

  @Test
  void listGivesEveryFunctionsStatus() {
    h.deploy("b");
    h.deploy("a");
    JsonObject list = h.call(Actions.Controller.LIST, new JsonObject());
    assertEquals(2, list.getJsonArray("functions").size());
    JsonObject a = list.getJsonArray("functions").getJsonObject(0);
    assertEquals("a", a.getString("name"));
    assertEquals("ready", a.getString("state"));
    JsonObject instance = a.getJsonArray("instances").getJsonObject(0);
    assertEquals("ready", instance.getString("state"));
    assertEquals(1L, instance.getLong("version"));
    assertEquals(Harness.NODE, instance.getString("node"));
    assertTrue(instance.getString("container").startsWith("c"));
  }
}
