package dev.plat.builder;

import static dev.plat.docker.DockerTestSupport.PYTHON_BASE_IMAGE;
import static dev.plat.docker.DockerTestSupport.REGISTRY;
import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.DockerTestSupport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The builder role against the real dockerd and registry, with the repository's python-flask runtime. */
@ExtendWith(VertxExtension.class)
class BuildIT {
  private static final Duration BUILD_WAIT = Duration.ofMinutes(3);
  private static final String MANIFEST_TYPES =
    "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json";
  private static final String HANDLER = "def handle(req):\n    return 'hello %s\\n'\n";

  @TempDir
  Path tmp;
  private final String runId = DockerTestSupport.newRunId();
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<String> pushed = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;
  private DockerClient docker;

  @BeforeEach
  void startBuilder(Vertx vertx) {
    this.vertx = vertx;
    docker = DockerTestSupport.requireDocker(vertx);
    DockerTestSupport.requireImage(vertx, docker, PYTHON_BASE_IMAGE, Duration.ofMinutes(5));
    BuilderOptions options = new BuilderOptions().setRuntimesDir(runtimesDir()).setWorkDir(tmp.resolve("builds"))
      .setRegistry(REGISTRY).setBuildNetwork("none").setTimeoutSeconds(300);
    DockerTestSupport.testLabels(runId).forEach(options::addLabel);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Names.Address.BUILD_EVENTS, m -> events.add(m.body()));
    await(consumer.completion());
    await(vertx.deployVerticle(new BuilderVerticle(options, "it-node", docker)));
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (String manifest : pushed) {
      send(HttpRequest.newBuilder(URI.create(manifest)).DELETE());
    }
    if (docker != null) {
      DockerTestSupport.cleanup(docker, runId);
      await(docker.close());
    }
  }

  private static Path runtimesDir() {
    String configured = System.getProperty("plat.runtimesDir");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "runtimes");
    assertTrue(Files.isRegularFile(dir.resolve("python-flask/runtime.json")), "no python-flask runtime in " + dir.toAbsolutePath());
    return dir.toAbsolutePath().normalize();
  }

  private String newFunction() {
    return "it-" + runId + "-" + Integer.toHexString((int) (Math.random() * 0xffff));
  }

  private Path zip(Map<String, String> files) throws IOException {
    Path zip = Files.createTempFile(tmp, "upload", ".zip");
    try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }

  private Future<JsonObject> request(String action, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Names.Address.BUILDER, body,
      new DeliveryOptions().addHeader(Actions.HEADER, action).setSendTimeout(30_000)).map(m -> m.body());
  }

  private JsonObject build(String function, int version, Path upload) {
    return new JsonObject().put("function", function).put("version", version).put("runtime", "python-flask")
      .put("upload", upload.toString()).put("sha256", "0".repeat(64));
  }

  /** Waits, polling the events received, for the {@code done} or {@code failed} event of a build. */
  private JsonObject lastEvent(String buildId) {
    Promise<JsonObject> found = Promise.promise();
    long deadline = System.nanoTime() + BUILD_WAIT.toNanos();
    vertx.setPeriodic(20, timer -> {
      events.stream().filter(e -> buildId.equals(e.getString("buildId")))
        .filter(e -> List.of("done", "failed").contains(e.getString("type"))).findFirst()
        .ifPresentOrElse(e -> {
          vertx.cancelTimer(timer);
          found.tryComplete(e);
        }, () -> {
          if (System.nanoTime() > deadline) {
            vertx.cancelTimer(timer);
            found.tryFail("no final event for " + buildId + " within " + BUILD_WAIT);
          }
        });
    });
    return await(found.future(), BUILD_WAIT.plusSeconds(10));
  }

  private List<String> lines(String buildId) {
    return events.stream().filter(e -> buildId.equals(e.getString("buildId")) && "log".equals(e.getString("type")))
      .map(e -> e.getString("line")).toList();
  }

  private int send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private long pipStepCacheHits(String buildId) {
    return cacheHits(buildId, "RUN if [ -f /opt/plat/deps/requirements.txt ]");
  }

  /** How many build steps whose line contains {@code step} came from the cache. */
  private long cacheHits(String buildId, String step) {
    List<String> lines = lines(buildId);
    long hits = 0;
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).contains(step) && lines.get(i + 1).contains("Using cache")) {
        hits++;
      }
    }
    return hits;
  }

  private List<String> imagesOf(String function) {
    return await(docker.listImages(DockerFilters.create().label(Names.Label.FUNCTION, function))).stream()
      .map(i -> i.id()).toList();
  }

  @Test
  void buildsAndPushesAValidZipThenRebuildsACodeOnlyChangeFromTheCache() throws Exception {
    String function = newFunction();
    long t0 = System.nanoTime();
    JsonObject accepted = await(request(Actions.Builder.BUILD, build(function, 1,
      zip(Map.of("handler.py", HANDLER, "requirements.txt", "# " + function + "\nflask\n")))));
    String buildId = accepted.getString("buildId");
    JsonObject done = lastEvent(buildId);
    long firstMs = (System.nanoTime() - t0) / 1_000_000;
    assertEquals("done", done.getString("type"), done.encodePrettily());
    String digest = done.getString("digest");
    assertTrue(digest.startsWith("sha256:"), digest);
    String image = REGISTRY + "/plat/" + function + ":1";
    assertEquals(image, done.getString("image"));
    String manifest = "http://" + REGISTRY + "/v2/plat/" + function + "/manifests/" + digest;
    pushed.add(manifest);
    assertEquals(200, send(HttpRequest.newBuilder(URI.create(manifest)).header("Accept", MANIFEST_TYPES).GET()));
    assertTrue(lines(buildId).stream().anyMatch(l -> l.startsWith("Step ")), "build output published: " + lines(buildId));
    assertTrue(lines(buildId).stream().anyMatch(l -> l.contains("Requirement already satisfied: flask")), lines(buildId).toString());
    List<String> states = events.stream().filter(e -> buildId.equals(e.getString("buildId")) && "state".equals(e.getString("type")))
      .map(e -> e.getString("state")).toList();
    assertEquals(List.of("queued", "building", "pushing", "succeeded"), states);
    JsonObject pushing = events.stream().filter(e -> buildId.equals(e.getString("buildId")) && "pushing".equals(e.getString("state")))
      .findFirst().orElseThrow();
    assertEquals(done.getString("imageId"), pushing.getString("imageId"), "the pushing event names the image built");
    Map<String, String> labels = await(docker.inspectImage(image)).labels();
    assertEquals(function, labels.get(Names.Label.FUNCTION));
    assertNull(labels.get(Names.Label.VERSION), "the version is the tag: a label of it would change the labels' step every build");
    JsonObject record = await(request(Actions.Builder.GET, new JsonObject().put("buildId", buildId)));
    assertEquals("succeeded", record.getString("state"));
    assertEquals(digest, record.getString("digest"));
    assertFalse(record.getJsonArray("log").isEmpty());

    long t1 = System.nanoTime();
    String second = await(request(Actions.Builder.BUILD, build(function, 2,
      zip(Map.of("handler.py", HANDLER.replace("hello", "hi"), "requirements.txt", "# " + function + "\nflask\n"))))).getString("buildId");
    JsonObject rebuilt = lastEvent(second);
    long secondMs = (System.nanoTime() - t1) / 1_000_000;
    assertEquals("done", rebuilt.getString("type"), rebuilt.encodePrettily());
    pushed.add("http://" + REGISTRY + "/v2/plat/" + function + "/manifests/" + rebuilt.getString("digest"));
    if (Boolean.getBoolean("plat.it.verbose")) {
      lines(second).forEach(l -> System.out.println("  | " + l));
    }
    assertEquals(1, pipStepCacheHits(second), "the dependency layer came from the cache: " + lines(second));
    assertEquals(1, cacheHits(second, ": LABEL \"plat.function\""), "so did the labels' step, before the code: " + lines(second));
    System.out.printf("BuildIT figures: first build of a new function %d ms (%s; %s); code-only rebuild %d ms (%s; %s)%n",
      firstMs, timing(buildId, "built in"), timing(buildId, "pushed"), secondMs, timing(second, "built in"), timing(second, "pushed"));
  }

  private String timing(String buildId, String what) {
    return lines(buildId).stream().filter(l -> l.startsWith("plat: ") && l.contains(what)).findFirst()
      .map(l -> l.substring(l.lastIndexOf(" in ") + 1)).map(t -> what.split(" ")[0] + " " + t).orElse(what + " ?");
  }

  @Test
  void aRequirementThatCannotBeInstalledFailsWithPipsErrorAndLeavesNoImage() throws Exception {
    String function = newFunction();
    long t0 = System.nanoTime();
    String buildId = await(request(Actions.Builder.BUILD, build(function, 1,
      zip(Map.of("handler.py", HANDLER, "requirements.txt", "plat-no-such-package==9.9.9\n"))))).getString("buildId");
    JsonObject failed = lastEvent(buildId);
    System.out.printf("BuildIT figures: failing pip install reported in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertEquals("failed", failed.getString("type"), failed.encodePrettily());
    assertEquals("build_failed", failed.getString("code"));
    assertTrue(failed.getString("logTail").contains("plat-no-such-package"), failed.getString("logTail"));
    assertTrue(failed.getString("logTail").contains("ERROR"), failed.getString("logTail"));
    assertThrows(DockerNotFoundException.class, () -> await(docker.inspectImage(REGISTRY + "/plat/" + function + ":1")));
    assertEquals(List.of(), imagesOf(function));
    assertTrue(events.stream().noneMatch(e -> buildId.equals(e.getString("buildId")) && "done".equals(e.getString("type"))));
    JsonObject record = await(request(Actions.Builder.GET, new JsonObject().put("buildId", buildId)));
    assertEquals("failed", record.getString("state"));
    assertNotNull(record.getString("error"));
  }

  /**
   * A build of a version whose tag a build before it left (its builder died after dockerd tagged
   * the image, so nothing was registered and the version is asked for again) fails: neither that
   * tag nor an image made dangling by it is left with the function's label.
   */
  @Test
  void aFailedBuildLeavesNoImageWithItsLabelsNotEvenAnEarlierBuildsOfTheSameVersion() throws Exception {
    String function = newFunction();
    JsonObject left = lastEvent(await(request(Actions.Builder.BUILD, build(function, 1,
      zip(Map.of("handler.py", HANDLER))))).getString("buildId"));
    assertEquals("done", left.getString("type"), left.encodePrettily());
    pushed.add("http://" + REGISTRY + "/v2/plat/" + function + "/manifests/" + left.getString("digest"));
    assertEquals(1, imagesOf(function).size(), "the interrupted build's image is there");

    JsonObject failed = lastEvent(await(request(Actions.Builder.BUILD, build(function, 1,
      zip(Map.of("handler.py", HANDLER, "requirements.txt", "plat-no-such-package==9.9.9\n"))))).getString("buildId"));
    assertEquals("failed", failed.getString("type"), failed.encodePrettily());
    assertEquals(List.of(), imagesOf(function), "no image labelled with the function, tagged or dangling");
    assertEquals(List.of(), await(docker.listImages(DockerFilters.create().add("dangling", "true")
      .label(Names.Label.FUNCTION, function))));
  }

  @Test
  void reportsItselfUpWhenDockerAndTheRegistryAnswer() {
    JsonObject health = await(RoleHealth.collect(vertx, "it-node", List.of(Role.BUILDER.id())));
    assertEquals(RoleHealth.UP, health.getString("status"), health.encode());
  }

  @Test
  void aBadZipIsRefusedBeforeAnyBuild() throws Exception {
    String function = newFunction();
    Path notZip = Files.writeString(tmp.resolve("not.zip"), "plain text, not a zip");
    PlatError e = PlatError.from(assertThrows(Exception.class,
      () -> await(request(Actions.Builder.BUILD, build(function, 1, notZip)))));
    assertEquals(400, e.status());
    assertEquals("not_a_zip", e.code());
    Path slip = zip(Map.of("handler.py", HANDLER, "../../evil.py", "x"));
    e = PlatError.from(assertThrows(Exception.class, () -> await(request(Actions.Builder.BUILD, build(function, 1, slip)))));
    assertEquals("zip_slip", e.code());
    assertFalse(Files.exists(slip), "the refused upload is deleted");
    assertTrue(events.stream().noneMatch(ev -> function.equals(ev.getString("function"))), "no build started");
    assertEquals(List.of(), imagesOf(function));
  }
}
