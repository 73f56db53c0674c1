package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.builder.BuilderOptions;
import dev.plat.docker.BuildOptions;
import io.vertx.core.Vertx;
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
class BuildRunnerTest {
  @TempDir
  Path tmp;
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final FakeImageBuilder images = new FakeImageBuilder();
  private BuildRegistry registry;
  private BuilderOptions options;
  private Runtime runtime;
  private Path upload;

  @BeforeEach
  void setUp() throws IOException {
    registry = new BuildRegistry(events::add, 100, 10, Clock.systemUTC());
    options = new BuilderOptions().setWorkDir(tmp.resolve("builds")).setRegistry("127.0.0.1:5000")
      .setBuildNetwork("none").addLabel("plat.test", "1");
    runtime = Zips.runtime(tmp.resolve("runtimes"), "python-flask");
    upload = Zips.of().file("handler.py", "def handle(r): pass\n").file("requirements.txt", "flask\n")
      .writeTo(tmp.resolve("upload.zip"));
  }

  private BuildJob job() {
    ZipManifest manifest = new ZipValidator(100, 1 << 20, 100).validate(upload, runtime);
    String id = registry.create("hello", "7", "python-flask", "sha");
    return new BuildJob(id, "hello", "7", runtime, upload, manifest);
  }

  private JsonObject last() {
    return events.get(events.size() - 1);
  }

  private void assertFilesGone(BuildJob job) throws IOException {
    assertFalse(Files.exists(upload), "upload deleted");
    assertFalse(Files.exists(tmp.resolve("builds").resolve(job.buildId() + ".tar")), "context deleted");
    try (var left = Files.list(tmp.resolve("builds"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void thisNodesControllerIsToldWhereTheContextIsAndItIsKeptUntilItAnswers(Vertx vertx, VertxTestContext test) {
    BuildJob job = job();
    Path context = tmp.resolve("builds").resolve(job.buildId() + ".tar");
    io.vertx.core.Future<Void>[] run = new io.vertx.core.Future[1];
    vertx.eventBus().<JsonObject>localConsumer(dev.plat.cluster.Names.Address.BUILD_CONTEXTS, m -> test.verify(() -> {
      assertEquals(context.toString(), m.body().getString("context"));
      assertEquals("hello", m.body().getString("function"));
      assertEquals(job.buildId(), m.body().getString("buildId"));
      assertTrue(m.body().getString("imageId").startsWith("sha256:"), m.body().encode());
      assertTrue(Files.isRegularFile(context), "the context is there when the controller is told");
      // the push (immediate here) is done before long; the context stays until the answer
      vertx.setTimer(100, t -> test.verify(() -> {
        assertFalse(run[0].isComplete(), "the run waits for the controller's answer");
        assertTrue(Files.isRegularFile(context), "kept while the controller reads it");
        m.reply(null);
      }));
    }));
    run[0] = new BuildRunner(vertx, images, registry, options).run(job);
    run[0].onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals("done", last().getString("type"));
      assertFilesGone(job);
      test.completeNow();
    })));
  }

  @Test
  void buildsTagsWithLabelsPushesAndRecordsTheDigest(Vertx vertx, VertxTestContext test) {
    BuildJob job = job();
    new BuildRunner(vertx, images, registry, options).run(job).onComplete(test.succeeding(v -> test.verify(() -> {
      BuildOptions build = images.builds.get(0);
      assertEquals(List.of("127.0.0.1:5000/plat/hello:7"), build.tags());
      assertEquals(Map.of(), build.labels(), "labels go in the Dockerfile, one step for all");
      assertTrue(images.dockerfiles.get(0).endsWith("LABEL \"plat.function\"=\"hello\" \"plat.test\"=\"1\"\n"
          + "COPY function/ /function/\n"), images.dockerfiles.get(0));
      assertEquals("none", build.networkMode());
      assertEquals(Map.of("BASE_IMAGE", "plat/python-base:bookworm"), build.buildArgs());
      assertTrue(images.contextSizes.get(0) > 1024);
      assertEquals(List.of("127.0.0.1:5000/plat/hello:7"), images.pushes);
      assertEquals(List.of(), images.removed);
      JsonObject done = last();
      assertEquals("done", done.getString("type"));
      assertEquals("sha256:d1g35t", done.getString("digest"));
      assertEquals("127.0.0.1:5000/plat/hello:7", done.getString("image"));
      List<String> states = events.stream().filter(e -> e.getString("type").equals("state")).map(e -> e.getString("state")).toList();
      assertEquals(List.of("queued", "building", "pushing", "succeeded"), states);
      assertTrue(events.stream().anyMatch(e -> "Step 1/2 : FROM base".equals(e.getString("line"))));
      assertEquals("succeeded", registry.get(job.buildId(), 0).orElseThrow().getString("state"));
      assertFilesGone(job);
      test.completeNow();
    })));
  }

  @Test
  void aFailedBuildPublishesTheErrorWithTheLogTailAndPushesNothing(Vertx vertx, VertxTestContext test) {
    images.buildError = "The command '/bin/sh -c pip install' returned a non-zero code: 1";
    BuildJob job = job();
    new BuildRunner(vertx, images, registry, options).run(job).onComplete(test.succeeding(v -> test.verify(() -> {
      JsonObject failed = last();
      assertEquals("failed", failed.getString("type"));
      assertEquals("build_failed", failed.getString("code"));
      assertTrue(failed.getString("error").contains("returned a non-zero code: 1"), failed.getString("error"));
      assertTrue(failed.getString("logTail").contains("No matching distribution found"), failed.getString("logTail"));
      assertEquals(List.of(), images.pushes);
      assertEquals(List.of(), images.removed);
      assertEquals(List.of("hello 127.0.0.1:5000/plat/hello:7", "hello 127.0.0.1:5000/plat/hello:7"), images.leftovers,
        "an earlier tag of this version before the build, dangling images of the function after it");
      assertFilesGone(job);
      test.completeNow();
    })));
  }

  @Test
  void aFailedPushRemovesTheImageItTagged(Vertx vertx, VertxTestContext test) {
    images.pushError = "connection refused";
    BuildJob job = job();
    new BuildRunner(vertx, images, registry, options).run(job).onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals("push_failed", last().getString("code"));
      assertEquals(List.of("127.0.0.1:5000/plat/hello:7"), images.removed);
      assertEquals("failed", registry.get(job.buildId(), 0).orElseThrow().getString("state"));
      assertFilesGone(job);
      test.completeNow();
    })));
  }

  @Test
  void aBuildOverTheTimeoutFails(Vertx vertx, VertxTestContext test) {
    images.hangBuild = true;
    options.setTimeoutSeconds(1);
    BuildJob job = job();
    new BuildRunner(vertx, images, registry, options).run(job).onComplete(test.succeeding(v -> test.verify(() -> {
      assertEquals("build_timeout", last().getString("code"));
      assertTrue(last().getString("error").contains("longer than 1 s"));
      assertFilesGone(job);
      test.completeNow();
    })));
  }
}
