package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.PYTHON_BASE_IMAGE;
import static dev.plat.docker.DockerTestSupport.REGISTRY;
import static dev.plat.docker.DockerTestSupport.RUN_LABEL;
import static dev.plat.docker.DockerTestSupport.TEST_LABEL;
import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ImageIT {

  private static final String MANIFEST_TYPES =
    "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json";

  private final String runId = DockerTestSupport.newRunId();
  private final String repository = "plat-test/docker-client-" + runId;
  private final List<String> registryDigests = new CopyOnWriteArrayList<>();
  private DockerClient docker;
  private HttpClient registry;
  /** Where every registry call starts: its connections and callbacks stay on one event loop. */
  private Context registryContext;

  @BeforeEach
  void connect(Vertx vertx) {
    docker = DockerTestSupport.requireDocker(vertx);
    DockerTestSupport.requireImage(vertx, docker, PYTHON_BASE_IMAGE, Duration.ofMinutes(5));
    registry = vertx.createHttpClient();
    registryContext = vertx.getOrCreateContext();
  }

  @AfterEach
  void cleanUp() {
    try {
      for (String digest : registryDigests) {
        await(registryCall(HttpMethod.DELETE, "/v2/" + repository + "/manifests/" + digest));
      }
      DockerTestSupport.cleanup(docker, runId);
    } finally {
      if (docker != null) {
        await(docker.close());
      }
      if (registry != null) {
        await(registry.close());
      }
    }
  }

  private BuildOptions.Builder options() {
    return BuildOptions.builder().buildArg("BASE_IMAGE", PYTHON_BASE_IMAGE).labels(DockerTestSupport.testLabels(runId));
  }

  private record RegistryAnswer(int status, String digest, Buffer body) {
  }

  /** Calls the registry; the body is read in the same chain, before the answer leaves the event loop. */
  private Future<RegistryAnswer> registryCall(HttpMethod method, String uri) {
    String[] hostPort = REGISTRY.split(":");
    // Started from the test thread, the callbacks of Vert.x 5.0's client could run on another event loop
    // than the connection's, and a short body could end before body() was asked for (the future never
    // completed: vert.x issues 5825, 6038). Started on one context, the whole exchange is on its thread.
    Promise<RegistryAnswer> answer = Promise.promise();
    registryContext.runOnContext(v -> registry.request(new RequestOptions().setMethod(method).setHost(hostPort[0])
        .setPort(Integer.parseInt(hostPort[1])).setURI(uri).putHeader("Accept", MANIFEST_TYPES))
      .compose(HttpClientRequest::send)
      .compose(response -> response.body().map(body ->
        new RegistryAnswer(response.statusCode(), response.getHeader("Docker-Content-Digest"), body)))
      .onComplete(answer));
    return answer.future();
  }

  @Test
  void buildsAnImageFromATarContextStreamedInChunksOnTheBaseImage(Vertx vertx) {
    byte[] payload = new byte[1 << 20];
    new Random(1).nextBytes(payload);
    BufferReadStream context = TarContext.dockerfile("""
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE}
        ARG GREETING=unset
        LABEL greeting=${GREETING}
        COPY payload.bin hello.txt /data/
        RUN test "$(cat /data/hello.txt)" = "hello plat" && python3 -c "print('python runs')"
        """)
      .file("hello.txt", "hello plat").file("payload.bin", payload)
      .toStream(vertx, 16 * 1024);
    int tarLength = TarContext.dockerfile("x").file("payload.bin", payload).toBuffer().length();
    List<BuildEvent> events = new CopyOnWriteArrayList<>();
    String tag = repository + ":build";

    BuildResult result = await(docker.buildImage(context, options().tag(tag).buildArg("GREETING", "hi").build(), events::add));

    assertTrue(result.imageId().startsWith("sha256:"), result.imageId());
    assertEquals(List.of(tag), result.tags());
    assertTrue(context.emitted() >= tarLength, "the whole context was streamed: " + context.emitted());
    assertTrue(events.stream().anyMatch(e -> e.stream() != null && e.stream().startsWith("Step 1/")), events.toString());
    assertTrue(events.stream().anyMatch(e -> result.imageId().equals(e.imageId())), "aux ID event");
    ImageInfo image = await(docker.inspectImage(tag));
    assertEquals(result.imageId(), image.id());
    assertEquals("1", image.labels().get(TEST_LABEL));
    assertEquals(runId, image.labels().get(RUN_LABEL));
    assertEquals("hi", image.labels().get("greeting"), "the build arg reached the Dockerfile");
    assertTrue(image.repoTags().contains(tag), image.repoTags().toString());
  }

  @Test
  void aFailingBuildSurfacesTheDaemonsMessageAndTheLogTail(Vertx vertx) {
    BufferReadStream context = TarContext.dockerfile("""
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE}
        RUN echo about-to-fail && false
        """).toStream(vertx, 512);
    List<BuildEvent> events = new CopyOnWriteArrayList<>();

    BuildFailedException e = assertThrows(BuildFailedException.class,
      () -> await(docker.buildImage(context, options().tag(repository + ":broken").build(), events::add)));

    assertTrue(e.error().contains("returned a non-zero code: 1"), e.error());
    assertTrue(e.logTail().contains("about-to-fail"), e.logTail().toString());
    assertTrue(e.getMessage().contains("about-to-fail"), e.getMessage());
    assertTrue(events.stream().anyMatch(BuildEvent::isError));
    assertThrows(DockerNotFoundException.class, () -> await(docker.inspectImage(repository + ":broken")));
  }

  @Test
  void aBuildWithoutItsDockerfileFailsWithTheDaemonsMessage(Vertx vertx) {
    BufferReadStream context = TarContext.create().file("other.txt", "x").toStream(vertx, 512);
    DockerException e = assertThrows(DockerException.class, () -> await(docker.buildImage(context, options().build(), null)));
    assertTrue(e.getMessage().toLowerCase().contains("dockerfile"), e.getMessage());
  }

  @Test
  void tagsAndPushesToTheLocalRegistryWhichThenServesTheManifestByDigest(Vertx vertx) {
    BuildResult built = await(docker.buildImage(TarContext.dockerfile("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nLABEL pushed=yes\n")
      .toStream(vertx, 4096), options().build(), null));
    String remote = REGISTRY + "/" + repository;
    await(docker.tagImage(built.imageId(), remote, "v1"));
    List<PushEvent> events = new CopyOnWriteArrayList<>();

    PushResult pushed = await(docker.pushImage(remote, "v1", new JsonObject(), events::add), Duration.ofMinutes(3));
    registryDigests.add(pushed.digest());

    assertTrue(pushed.digest().matches("sha256:[0-9a-f]{64}"), pushed.digest());
    assertEquals(remote + "@" + pushed.digest(), pushed.reference());
    assertTrue(pushed.size() > 0);
    assertTrue(events.stream().anyMatch(e -> e.status() != null && e.status().contains("digest: " + pushed.digest())), events.toString());
    RegistryAnswer manifest = await(registryCall(HttpMethod.GET, "/v2/" + repository + "/manifests/" + pushed.digest()));
    assertEquals(200, manifest.status(), manifest.body().toString());
    assertEquals(pushed.digest(), manifest.digest());
    JsonObject body = new JsonObject(manifest.body());
    assertTrue(body.getJsonArray("layers").size() > 0, body.encode());
    assertTrue(await(docker.inspectImage(built.imageId())).repoDigests().contains(pushed.reference()));
  }

  @Test
  void pushingATagThatDoesNotExistLocallyFailsWithTheDaemonsMessage() {
    PushFailedException e = assertThrows(PushFailedException.class,
      () -> await(docker.pushImage(REGISTRY + "/" + repository + "-never-built", "v1", null, null)));
    assertTrue(e.getMessage().contains("does not exist locally"), e.getMessage());
  }

  @Test
  void listsImagesByLabelAndRemovesThem(Vertx vertx) {
    BuildResult built = await(docker.buildImage(TarContext.dockerfile("ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nLABEL listed=yes\n")
      .toStream(vertx, 4096), options().tag(repository + ":listed").build(), null));

    List<ImageSummary> listed = await(docker.listImages(DockerTestSupport.runFilters(runId)));
    assertEquals(List.of(built.imageId()), listed.stream().map(ImageSummary::id).toList());
    assertEquals(List.of(), await(docker.listImages(DockerFilters.create().label(RUN_LABEL, "no-such-run"))));

    await(docker.removeImage(repository + ":listed", false));
    assertThrows(DockerNotFoundException.class, () -> await(docker.inspectImage(built.imageId())));
    assertThrows(DockerNotFoundException.class, () -> await(docker.removeImage(built.imageId(), false)));
    assertThrows(DockerNotFoundException.class, () -> await(docker.tagImage("sha256:" + "0".repeat(64), repository, "x")));
  }
}
