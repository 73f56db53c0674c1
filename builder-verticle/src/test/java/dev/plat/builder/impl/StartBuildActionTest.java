package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.builder.BuilderOptions;
import dev.plat.cluster.BuildStore;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class StartBuildActionTest {
  private static final String ADDRESS = "test.builder";

  @TempDir
  Path tmp;
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private BuildRegistry registry;
  private BuildQueue queue;

  @BeforeEach
  void setUp(Vertx vertx) throws IOException {
    Zips.runtime(tmp.resolve("runtimes"), "python-flask");
    BuildMirror mirror = new BuildMirror(events::add, BuildStore.inMemory(), "node-a");
    registry = new BuildRegistry(mirror, 100, 10, Clock.systemUTC());
    mirror.attach(registry);
    queue = new BuildQueue(1, 1);
    FakeImageBuilder images = new FakeImageBuilder();
    images.hangBuild = true; // builds hold their slot for the whole test
    BuildRunner runner = new BuildRunner(vertx, images, registry, new BuilderOptions().setWorkDir(tmp.resolve("builds")));
    StartBuildAction start = new StartBuildAction(vertx, new RuntimeCatalog(tmp.resolve("runtimes")),
      new ZipValidator(100, 1 << 20, 100), registry, queue, runner, "127.0.0.1:5000",
      new UploadFetcher(vertx, vertx.createHttpClient(), null, tmp.resolve("builds"), 1 << 20), mirror);
    vertx.eventBus().consumer(ADDRESS, new ActionRouter(Map.of(
      Actions.Builder.BUILD, start::handle,
      Actions.Builder.GET, new GetBuildAction(registry, mirror.store(), "node-a", vertx.eventBus())::handle)));
  }

  private Future<JsonObject> request(Vertx vertx, String action, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(ADDRESS, body, new DeliveryOptions().addHeader(Actions.HEADER, action))
      .map(m -> m.body());
  }

  private JsonObject build(Path upload) {
    return new JsonObject().put("function", "hello").put("version", 1).put("runtime", "python-flask")
      .put("upload", upload.toString()).put("sha256", "abc");
  }

  private Path upload(Zips zips) throws IOException {
    return zips.writeTo(Files.createTempFile(tmp, "upload", ".zip"));
  }

  private void expectRefusal(Vertx vertx, VertxTestContext test, JsonObject body, int status, String code, Path upload) {
    request(vertx, Actions.Builder.BUILD, body).onComplete(test.failing(err -> test.verify(() -> {
      PlatError e = PlatError.from(err);
      assertEquals(status, e.status(), e.getMessage());
      assertEquals(code, e.code(), e.getMessage());
      assertTrue(events.isEmpty(), "no build registered: " + events);
      if (upload != null) {
        assertFalse(Files.exists(upload), "the refused upload is deleted");
      }
      test.completeNow();
    })));
  }

  @Test
  void acceptsAValidZipAndAnswersTheBuildId(Vertx vertx, VertxTestContext test) throws IOException {
    Path upload = upload(Zips.of().file("handler.py", ""));
    request(vertx, Actions.Builder.BUILD, build(upload)).onComplete(test.succeeding(reply -> test.verify(() -> {
      String id = reply.getString("buildId");
      assertTrue(id.startsWith("hello-1-"), id);
      assertEquals("127.0.0.1:5000/plat/hello:1", reply.getString("image"));
      assertEquals("queued", events.get(0).getString("state"));
      request(vertx, Actions.Builder.GET, new JsonObject().put("buildId", id)).onComplete(test.succeeding(b -> test.verify(() -> {
        assertEquals(id, b.getString("id"));
        assertEquals("abc", b.getString("sha256"));
        test.completeNow();
      })));
    })));
  }

  @Test
  void refusesAZipSlipBeforeAnyBuild(Vertx vertx, VertxTestContext test) throws IOException {
    Path upload = upload(Zips.of().file("handler.py", "").file("../evil", ""));
    expectRefusal(vertx, test, build(upload), 400, "zip_slip", upload);
  }

  @Test
  void refusesAnUnknownRuntime(Vertx vertx, VertxTestContext test) throws IOException {
    Path upload = upload(Zips.of().file("handler.py", ""));
    expectRefusal(vertx, test, build(upload).put("runtime", "cobol"), 400, "unknown_runtime", upload);
  }

  @Test
  void refusesAMissingHandler(Vertx vertx, VertxTestContext test) throws IOException {
    Path upload = upload(Zips.of().file("main.py", ""));
    expectRefusal(vertx, test, build(upload), 400, "missing_handler", upload);
  }

  @Test
  void refusesABadFunctionName(Vertx vertx, VertxTestContext test) throws IOException {
    Path upload = upload(Zips.of().file("handler.py", ""));
    expectRefusal(vertx, test, build(upload).put("function", "Bad_Name"), 400, "bad_name", upload);
  }

  @Test
  void refusesABadVersion(Vertx vertx, VertxTestContext test) throws IOException {
    Path upload = upload(Zips.of().file("handler.py", ""));
    expectRefusal(vertx, test, build(upload).put("version", "1:2"), 400, "bad_version", upload);
  }

  @Test
  void refusesARelativeUploadPath(Vertx vertx, VertxTestContext test) {
    expectRefusal(vertx, test, build(Path.of("x.zip")).put("upload", "x.zip"), 400, "bad_request", null);
  }

  @Test
  void refusesWith503WhenTheQueueIsFullAndRegistersNothing(Vertx vertx, VertxTestContext test) throws IOException {
    Future<JsonObject> running = request(vertx, Actions.Builder.BUILD, build(upload(Zips.of().file("handler.py", ""))));
    Future<JsonObject> waiting = running.compose(r -> request(vertx, Actions.Builder.BUILD,
      build(uploadQuietly(Zips.of().file("handler.py", "")))));
    Path third = upload(Zips.of().file("handler.py", ""));
    waiting.onComplete(test.succeeding(w -> test.verify(() -> {
      assertEquals(1, queue.running());
      assertEquals(1, queue.waiting());
      java.util.Set<String> accepted = java.util.Set.of(running.result().getString("buildId"), w.getString("buildId"));
      request(vertx, Actions.Builder.BUILD, build(third)).onComplete(test.failing(err -> test.verify(() -> {
        assertEquals(503, PlatError.from(err).status());
        assertEquals("build_queue_full", PlatError.from(err).code());
        // the two accepted builds go on publishing; the refused one published nothing
        events.forEach(e -> assertTrue(accepted.contains(e.getString("buildId")), e.encode()));
        assertFalse(Files.exists(third));
        test.completeNow();
      })));
    })));
  }

  private Path uploadQuietly(Zips zips) {
    try {
      return upload(zips);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void answersNotFoundForAnUnknownBuild(Vertx vertx, VertxTestContext test) {
    request(vertx, Actions.Builder.GET, new JsonObject().put("buildId", "nope")).onComplete(test.failing(err -> test.verify(() -> {
      assertEquals(404, PlatError.from(err).status());
      assertEquals("build_not_found", PlatError.from(err).code());
      test.completeNow();
    })));
  }

  @Test
  void refusesAnUnknownAction(Vertx vertx, VertxTestContext test) {
    request(vertx, "frobnicate", new JsonObject()).onComplete(test.failing(err -> test.verify(() -> {
      assertEquals("unknown_action", PlatError.from(err).code());
      test.completeNow();
    })));
  }
}
