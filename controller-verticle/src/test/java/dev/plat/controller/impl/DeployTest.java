package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Route;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.FunctionRecord;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployTest {
  private final Harness h = new Harness().start();

  @Test
  void aDeployAsksTheBuilderWithTheNextVersionAndAnswersOnceTheBuildIsAccepted() {
    JsonObject reply = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/tmp/u.zip").put("sha256", "abc"));

    assertEquals(new JsonObject().put("name", "hello").put("version", 1L).put("buildId", "b1"), reply);
    assertEquals(new JsonObject().put("function", "hello").put("version", 1L).put("runtime", "python-flask")
      .put("upload", "/tmp/u.zip").put("sha256", "abc"), h.buildRequests.get(0));
    assertEquals(1, h.events("function", "building").size());
    assertTrue(h.store.saved.isEmpty(), "nothing is registered before the build is done");
    assertTrue(h.engine.containers.isEmpty());
  }

  @Test
  void aFinishedBuildIsRegisteredDurablyAndStartsAnInstanceWithARoute() {
    h.deploy("hello");

    FunctionRecord saved = h.store.saved.get(0);
    assertEquals(1, saved.spec().version());
    assertEquals("127.0.0.1:5000/plat/hello:1", saved.spec().image());
    assertEquals("sha256:1", saved.spec().digest());
    assertEquals(FunctionRecord.Desired.RUNNING, saved.desired());
    assertEquals(1, h.engine.running().size());
    List<Route> routes = h.routes("hello");
    assertEquals(1, routes.size());
    assertEquals(new Route("hello", routes.get(0).instance(), 1, Harness.NODE,
      "/data/sockets/" + routes.get(0).instance() + "/fn.sock", "127.0.0.1:8081", 0, 60, h.engine.running().get(0).id),
      routes.get(0), "the route names the instance's container, whose process alone may answer on the socket");
    JsonObject status = h.get("hello");
    assertEquals("ready", status.getString("state"));
    assertEquals("http://127.0.0.1:8080/function/hello", status.getString("url"));
    assertEquals(1, h.events("function", "ready").size());
    assertEquals(1, h.events("instance", "ready").size());
  }

  @Test
  void versionsIncreaseWithEveryDeployAndConcurrentDeploysGetDistinctVersions() {
    h.deploy("hello");
    assertEquals(2L, h.deploy("hello").getLong("version"));
    JsonObject body = new JsonObject().put("spec", Harness.spec("hello")).put("upload", "/u.zip");
    assertEquals(3L, h.call(Actions.Controller.DEPLOY, body).getLong("version"));
    assertEquals(4L, h.call(Actions.Controller.DEPLOY, body).getLong("version"));
    assertEquals(2, h.store.saved.get(0).spec().version());
  }

  @Test
  void theBuildersRefusalIsPassedOnUnchangedAndFreesTheVersion() {
    h.builderAnswer = Future.failedFuture(PlatError.badRequest("bad_zip", "not a zip").toReply());
    PlatError error = assertThrows(PlatError.class, () -> h.deploy("hello"));
    assertEquals(400, error.status());
    assertEquals("bad_zip", error.code());
    assertEquals("not a zip", error.getMessage());

    h.builderAnswer = null;
    assertEquals(1L, h.deploy("hello").getLong("version"));
  }

  @Test
  void anUnreachableBuilderIsA503() {
    h.builderAnswer = Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "none"));
    PlatError error = assertThrows(PlatError.class, () -> h.deploy("hello"));
    assertEquals(503, error.status());
  }

  @Test
  void aFailedBuildRegistersNothingAndTheOldVersionKeepsServing() {
    h.deploy("hello");
    String oldInstance = h.routes("hello").get(0).instance();
    JsonObject reply = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/u.zip"));
    h.core.onBuildEvent(new JsonObject().put("type", "failed").put("buildId", reply.getString("buildId"))
      .put("function", "hello").put("version", 2).put("error", "pip failed"));

    assertEquals(1, h.store.saved.get(0).spec().version());
    assertEquals(oldInstance, h.routes("hello").get(0).instance());
    JsonObject failed = h.events("function", "build_failed").get(0);
    assertEquals("pip failed", failed.getString("error"));
    assertEquals(2L, failed.getLong("version"));
    assertEquals(1, h.engine.running().size());
  }

  @Test
  void aFinishedEventArrivingBeforeTheBuildersReplyIsNotLost() {
    io.vertx.core.Promise<String> answer = io.vertx.core.Promise.promise();
    h.builderAnswer = answer.future();
    Future<JsonObject> reply = h.core.handle(Actions.Controller.DEPLOY,
      new JsonObject().put("spec", Harness.spec("early")).put("upload", "/u.zip"));
    h.core.onBuildEvent(new JsonObject().put("type", "done").put("buildId", "x1").put("function", "early")
      .put("version", "1").put("image", "img:1").put("digest", "sha256:1"));
    assertTrue(h.store.saved.isEmpty());
    answer.complete("x1");

    assertTrue(reply.succeeded());
    assertEquals("img:1", h.store.saved.get(0).spec().image());
  }

  @Test
  void badNamesAndFieldsAreRefusedBeforeAnyBuild() {
    assertEquals("bad_name", assertThrows(PlatError.class, () -> h.deploy("Hello_World")).code());
    assertEquals("bad_name", assertThrows(PlatError.class, () -> h.deploy("-x")).code());
    assertEquals("bad_project", assertThrows(PlatError.class,
      () -> h.deploy(Harness.spec("a").put("project", "shop"))).code());
    assertEquals("bad_scaling", assertThrows(PlatError.class,
      () -> h.deploy(Harness.spec("a").put("scaling", new JsonObject().put("min", 3).put("max", 2)))).code());
    assertEquals("bad_upload", assertThrows(PlatError.class, () -> h.call(Actions.Controller.DEPLOY,
      new JsonObject().put("spec", Harness.spec("a")))).code());
    assertTrue(h.buildRequests.isEmpty());
  }

  @Test
  void aProjectServicePairOrDomainOfAnotherFunctionIsAConflict() {
    h.deploy(Harness.spec("cart").put("project", "shop").put("service", "cart")
      .put("domains", new JsonArray().add("cart.example.com")));

    PlatError pair = assertThrows(PlatError.class,
      () -> h.deploy(Harness.spec("cart2").put("project", "shop").put("service", "cart")));
    assertEquals(409, pair.status());
    assertEquals("conflict", pair.code());
    PlatError domain = assertThrows(PlatError.class,
      () -> h.deploy(Harness.spec("other").put("domains", new JsonArray().add("cart.example.com"))));
    assertEquals("conflict", domain.code());
    assertNotNull(h.deploy(Harness.spec("cart").put("project", "shop").put("service", "cart")));
    assertEquals("http://shop-cart.platform.test:8080/", h.get("cart").getString("url"));
  }

  @Test
  void startsMinInstancesAndAtLeastOne() {
    h.deploy(Harness.spec("three").put("scaling", new JsonObject().put("min", 3).put("max", 5)));
    h.deploy(Harness.spec("zero").put("scaling", new JsonObject().put("min", 0).put("max", 5)));

    assertEquals(3, h.routes("three").size());
    assertEquals(1, h.routes("zero").size());
    assertEquals(3, h.get("three").getJsonArray("instances").size());
  }

  @Test
  void theImageOfABuildThatIsNotRegisteredIsRemoved() {
    h.deploy("hello");
    h.cleaned.clear();
    // a build the controller gave up on (timeout) finishes later: its image is nobody's
    JsonObject late = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    h.clock.advance(h.options.getBuildTimeoutMs());
    // the builder's events carry the version as text
    h.core.onBuildEvent(new JsonObject().put("type", "done").put("buildId", late.getString("buildId"))
      .put("function", "hello").put("version", "2").put("image", "127.0.0.1:5000/plat/hello:2"));
    assertEquals(List.of("image 127.0.0.1:5000/plat/hello:2"), h.cleaned);
    assertEquals(1L, h.get("hello").getLong("version"), "not registered");

    // of two concurrent deploys, the newer finishes first: the older build's image is not registered
    h.cleaned.clear();
    JsonObject older = h.call(Actions.Controller.DEPLOY, new JsonObject().put("spec", Harness.spec("hello"))
      .put("upload", "/tmp/upload.zip").put("sha256", "abc"));
    h.deploy("hello");
    h.core.onBuildEvent(new JsonObject().put("type", "done").put("buildId", older.getString("buildId"))
      .put("function", "hello").put("version", older.getLong("version"))
      .put("image", "127.0.0.1:5000/plat/hello:" + older.getLong("version")));
    assertEquals(List.of("image 127.0.0.1:5000/plat/hello:" + older.getLong("version")), h.cleaned);
  }
}
