package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A pull whose progress stream reports an error after the 200, which a real registry rarely does on demand. */
@ExtendWith(VertxExtension.class)
class PullStreamTest {

  private static final String REFERENCE = "127.0.0.1:5000/plat/fn@sha256:" + "ab".repeat(32);
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private FakeDocker fake;
  private DockerClient docker;

  private void start(Vertx vertx, String... lines) {
    fake = FakeDocker.start(vertx, "pull", (HttpServerRequest request) -> {
      queries.add(request.method() + " " + request.path() + "?" + request.query());
      var response = request.response().setChunked(true).putHeader("Content-Type", "application/json");
      for (String line : lines) {
        response.write(line + "\r\n");
      }
      response.end();
    }, new DockerClientOptions());
    docker = fake.docker;
  }

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void anErrorInTheStreamFailsThePullWithTheDaemonsMessage(Vertx vertx) {
    start(vertx, "{\"status\":\"Pulling from plat/fn\",\"id\":\"x\"}",
      "{\"errorDetail\":{\"message\":\"unexpected EOF\"},\"error\":\"unexpected EOF\"}");
    List<PullEvent> events = new CopyOnWriteArrayList<>();

    PullFailedException e = assertThrows(PullFailedException.class, () -> await(docker.pullImage(REFERENCE, null, events::add)));

    assertEquals("pull of " + REFERENCE + " failed: unexpected EOF", e.getMessage());
    assertEquals(2, events.size());
    assertTrue(events.get(1).isError());
    assertTrue(queries.get(0).startsWith("POST /v1.41/images/create?fromImage=127.0.0.1%3A5000%2Fplat%2Ffn&tag=sha256%3Aabab"),
      queries.toString());
  }

  @Test
  void aStreamWithoutAnErrorCompletesThePull(Vertx vertx) {
    start(vertx, "{\"status\":\"Pulling from plat/fn\",\"id\":\"x\"}", "{\"status\":\"Digest: sha256:" + "ab".repeat(32) + "\"}",
      "{\"status\":\"Status: Downloaded newer image for " + REFERENCE + "\"}");

    await(docker.pullImage(REFERENCE));
  }
}
