package dev.plat.docker;

import static dev.plat.docker.DockerTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The event stream dropping or the daemon restarting, simulated by a fake daemon on a unix socket. */
@ExtendWith(VertxExtension.class)
class EventsResubscribeTest {

  private static final long T1 = 1_700_000_000_100_000_001L;
  private static final long T2 = 1_700_000_000_200_000_002L;
  private static final long T3 = 1_700_000_000_300_000_003L;

  private final List<HttpServerRequest> eventRequests = new CopyOnWriteArrayList<>();
  private final List<String> sinces = new CopyOnWriteArrayList<>();
  private FakeDocker fake;
  private DockerClient docker;

  static String event(String id, String action, long timeNano) {
    return new JsonObject().put("Type", "container").put("Action", action).put("status", action).put("id", id)
      .put("Actor", new JsonObject().put("ID", id).put("Attributes", new JsonObject().put("plat.function", "f")))
      .put("time", timeNano / 1_000_000_000L).put("timeNano", timeNano).encode() + "\n";
  }

  private void start(Vertx vertx, String name, BiConsumer<Integer, HttpServerRequest> events) {
    fake = FakeDocker.start(vertx, name, request -> {
      eventRequests.add(request);
      sinces.add(String.valueOf(request.getParam("since")));
      events.accept(eventRequests.size(), request);
    }, new DockerClientOptions().setEventsReconnectDelays(10, 100));
    docker = fake.docker;
  }

  private static HttpServerResponse streaming(HttpServerRequest request) {
    return request.response().setChunked(true).putHeader("Content-Type", "application/json");
  }

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void aDroppedStreamIsReopenedSinceTheLastEventWithoutLosingOrRepeatingEvents(Vertx vertx) {
    start(vertx, "drop", (n, request) -> {
      if (n == 1) {
        streaming(request).write(event("a", "start", T1)).onComplete(v -> request.connection().close());
      } else {
        streaming(request).write(event("a", "start", T1) + event("b", "start", T2));
      }
    });
    EventRecorder recorder = new EventRecorder();

    EventSubscription subscription = await(docker.events(DockerFilters.create().label("plat.function"), recorder));
    await(recorder.next("b", "start"));

    assertEquals(List.of("a", "b"), recorder.events().stream().map(DockerEvent::actorId).toList(), "a once, then b");
    assertEquals(2, eventRequests.size());
    assertEquals("/v1.41/events", eventRequests.get(0).path(), "versioned path after negotiation");
    assertEquals("null", sinces.get(0), "the first stream starts now");
    assertEquals("1700000000.100000001", sinces.get(1), "the second starts at the last delivered event");
    assertEquals("{\"label\":[\"plat.function\"]}", eventRequests.get(1).getParam("filters"));
    assertEquals(1, subscription.reconnects());
    assertTrue(subscription.isActive());
  }

  @Test
  void theSubscriptionSurvivesADaemonRestartAndResumesSinceTheLastEvent(Vertx vertx) {
    start(vertx, "restart", (n, request) -> {
      if (n == 1) {
        streaming(request).write(event("a", "start", T1) + event("b", "pause", T2));
      } else {
        streaming(request).write(event("c", "die", T3));
      }
    });
    EventRecorder recorder = new EventRecorder();
    EventSubscription subscription = await(docker.events(null, recorder));
    await(recorder.next("b", "pause"));

    await(fake.daemon.stop());
    Promise<Void> restarted = Promise.promise();
    vertx.setTimer(200, id -> fake.daemon.start().onComplete(restarted));
    await(restarted.future());
    await(recorder.next("c", "die"));

    assertEquals(List.of("start", "pause", "die"), recorder.events().stream().map(DockerEvent::action).toList());
    assertEquals(2, eventRequests.size());
    assertEquals("1700000000.200000002", sinces.get(1));
    assertEquals(1, subscription.reconnects());
  }

  @Test
  void closingTheSubscriptionClosesTheStreamAndStopsDelivery(Vertx vertx) {
    Promise<Void> serverSawClose = Promise.promise();
    start(vertx, "close", (n, request) -> {
      request.connection().closeHandler(v -> serverSawClose.tryComplete());
      streaming(request).write(event("a", "start", T1));
    });
    EventRecorder recorder = new EventRecorder();
    EventSubscription subscription = await(docker.events(null, recorder));
    await(recorder.next("a", "start"));

    await(subscription.close());
    await(serverSawClose.future());
    assertFalse(subscription.isActive());
    assertEquals(1, eventRequests.size(), "not reopened after close");
  }

  @Test
  void aFirstStreamTheDaemonRefusesFailsTheSubscriptionWithItsMessage(Vertx vertx) {
    start(vertx, "refused", (n, request) -> request.response().setStatusCode(500)
      .putHeader("Content-Type", "application/json").end("{\"message\":\"events are broken\"}"));
    DockerException e = assertThrows(DockerException.class, () -> await(docker.events(null, ev -> { })));
    assertEquals(500, e.status());
    assertEquals("events are broken", e.getMessage());
    assertEquals(1, eventRequests.size(), "no retry before the first stream opened");
  }
}
