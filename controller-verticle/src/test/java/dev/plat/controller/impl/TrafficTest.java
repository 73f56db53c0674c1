package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traffic splits among versions: the units of the versions served, validation, deploys, collection, addressing. */
class TrafficTest {
  private static final String IMAGE = "127.0.0.1:5000/plat/hello:";

  private Harness h = new Harness();

  private JsonObject traffic(String name, JsonObject split) {
    return h.call(Actions.Controller.TRAFFIC, new JsonObject().put("name", name).put("traffic", split));
  }

  private PlatError refused(JsonObject split) {
    return assertThrows(PlatError.class, () -> traffic("hello", split));
  }

  private void twoVersions() {
    h.start();
    h.deploy("hello");
    h.deploy("hello");
  }

  @Test
  void aSplitRunsTheOtherVersionAsItsOwnUnit() {
    twoVersions();

    JsonObject status = traffic("hello", new JsonObject().put("1", 30).put("2", 70));

    assertEquals(new JsonObject().put("1", 30).put("2", 70), status.getJsonObject("traffic"));
    List<Route> v1 = h.routes("hello@v1");
    assertEquals(1, v1.size(), "version 1 has its own instance, routed under hello@v1");
    assertEquals(1, v1.get(0).version());
    assertEquals(1, h.routes("hello").size());
    assertEquals(2, h.routes("hello").get(0).version());
    assertEquals(2, status.getJsonArray("instances").size(), "get lists the instances of both versions");
    assertEquals(IMAGE + "1", h.engine.running().stream().filter(c -> "1".equals(c.spec.labels().get(Names.Label.VERSION)))
      .findFirst().orElseThrow().spec.image());
    assertEquals(new JsonObject().put("1", 30).put("2", 70), h.store.saved.get(h.store.saved.size() - 1).toJson()
      .getJsonObject("traffic"), "the split is in the saved record");
  }

  @Test
  void badSplitsAreRefusedNamingTheField() {
    twoVersions();

    PlatError sum = refused(new JsonObject().put("1", 30).put("2", 60));
    assertEquals(400, sum.status());
    assertEquals("bad_traffic", sum.code());
    assertTrue(sum.getMessage().contains("'traffic'") && sum.getMessage().contains("90"), sum.getMessage());
    PlatError unknown = refused(new JsonObject().put("7", 100));
    assertTrue(unknown.getMessage().contains("v7") && unknown.getMessage().contains("v1, v2"), unknown.getMessage());
    assertEquals("bad_traffic", refused(new JsonObject().put("two", 100)).code());
    assertEquals("bad_traffic", refused(new JsonObject().put("1", 50.5).put("2", 49.5)).code());
    assertEquals("bad_traffic", refused(new JsonObject().put("1", -10).put("2", 110)).code());
    assertTrue(h.routes("hello@v1").isEmpty(), "nothing started");
  }

  @Test
  void aSplitToAVersionWhoseImageIsGoneIsAConflict() {
    twoVersions();
    h.goneImages.add(IMAGE + "1");

    PlatError error = refused(new JsonObject().put("1", 50).put("2", 50));

    assertEquals(409, error.status());
    assertEquals("image_gone", error.code());
  }

  @Test
  void latestEndsTheSplitAndStopsTheOtherVersionsInstances() {
    twoVersions();
    traffic("hello", new JsonObject().put("1", 50).put("2", 50));

    JsonObject status = h.call(Actions.Controller.TRAFFIC, new JsonObject().put("name", "hello").put("latest", true));

    assertEquals(new JsonObject().put("2", 100), status.getJsonObject("traffic"));
    assertTrue(h.routes("hello@v1").isEmpty());
    assertEquals(1, h.engine.running().size());
  }

  @Test
  void aDeployMovesTheCurrentVersionsShareToTheNewOneAndKeepsThePinnedOnes() {
    twoVersions();
    traffic("hello", new JsonObject().put("1", 30).put("2", 70));

    h.deploy("hello");

    assertEquals(new JsonObject().put("1", 30).put("3", 70), h.get("hello").getJsonObject("traffic"));
    assertEquals(1, h.routes("hello@v1").size());
    assertEquals(3, h.routes("hello").get(0).version());
  }

  @Test
  void aRollbackEndsTheSplit() {
    twoVersions();
    traffic("hello", new JsonObject().put("1", 30).put("2", 70));

    h.call(Actions.Controller.ROLLBACK, new JsonObject().put("name", "hello"));

    assertEquals(new JsonObject().put("3", 100), h.get("hello").getJsonObject("traffic"));
  }

  @Test
  void aVersionASplitServesIsNeverCollected() {
    h.options.setVersionsKept(2);
    twoVersions();
    traffic("hello", new JsonObject().put("1", 10).put("2", 90));

    h.deploy("hello");
    h.deploy("hello");

    JsonObject versions = h.call(Actions.Controller.VERSIONS, new JsonObject().put("name", "hello"));
    List<Long> kept = versions.getJsonArray("versions").stream().map(v -> ((JsonObject) v).getLong("version")).toList();
    assertEquals(List.of(4L, 1L), kept, "v1 is pinned by the split and counts among the 2 kept; v2 and v3 are collected");
    assertEquals(List.of("image " + IMAGE + "2", "image " + IMAGE + "3"), h.cleaned);
    assertEquals(1, h.routes("hello@v1").size(), "v1 still serves its share");
  }

  @Test
  void anAddressedVersionStartsOnDemandAndGoesToZeroWhenIdle() {
    h.options.setPauseAfterMs(1_000).setIdleTimeoutMs(3_000);
    twoVersions();
    h.core.startScaling();

    JsonObject reply = h.core.activate(new JsonObject().put("function", "hello@v1")).result();

    assertEquals("hello@v1", reply.getString("function"));
    assertEquals("started", reply.getString("activation"));
    assertEquals(1, h.routes("hello@v1").size());
    assertEquals(1, h.routes("hello@v1").get(0).version());
    h.clock.advance(4_000);
    h.clock.advance(1_000);
    assertTrue(h.routes("hello@v1").isEmpty(), "idle: scaled to zero");
    assertEquals(1, h.engine.running().size(), "the current version keeps its instance");
  }

  @Test
  void anUnknownAddressedVersionIsNotFound() {
    twoVersions();

    PlatError error = PlatError.from(h.core.activate(new JsonObject().put("function", "hello@v9")).cause());

    assertEquals(404, error.status());
    assertEquals("version_not_found", error.code());
  }

  @Test
  void aNewControllerAdoptsTheSplitVersionsContainersIntoTheirUnit() {
    twoVersions();
    traffic("hello", new JsonObject().put("1", 30).put("2", 70));
    String v1 = h.routes("hello@v1").get(0).instance();

    Harness next = new Harness(h);
    next.engine.containers.putAll(h.engine.containers);
    next.routes.put(h.routes("hello@v1").get(0));
    next.routes.put(h.routes("hello").get(0));
    next.start();

    assertEquals(v1, next.routes("hello@v1").get(0).instance(), "the same container serves v1: " + next.engine.ops);
    assertEquals(2, next.engine.running().size(), "nothing removed, nothing started");
  }
}
