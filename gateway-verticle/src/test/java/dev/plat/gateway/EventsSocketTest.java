package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static dev.plat.gateway.GatewayHarness.INVOKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class EventsSocketTest {
  private Vertx vertx;
  private GatewayHarness gateway;
  private WebSocketClient client;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    this.vertx = vertx;
    gateway = GatewayHarness.start(vertx, dataDir);
    client = vertx.createWebSocketClient();
  }

  @Test
  void forwardsPublishedStatusAndBuildEventsWithTheirTopic() throws InterruptedException {
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket socket = connect(options("/api/events?access_token=" + DEPLOYER), frames);
    assertEquals(new JsonObject().put("topic", "ready"), frames.poll(10, TimeUnit.SECONDS));

    vertx.eventBus().publish(Names.Address.STATUS, new JsonObject().put("function", "hello").put("state", "running"));
    vertx.eventBus().publish(Names.Address.BUILD_EVENTS, new JsonObject().put("buildId", "b-1").put("type", "log").put("line", "x"));

    assertEquals(new JsonObject().put("topic", "status").put("function", "hello").put("state", "running"),
      frames.poll(10, TimeUnit.SECONDS));
    assertEquals(new JsonObject().put("topic", "build").put("buildId", "b-1").put("type", "log").put("line", "x"),
      frames.poll(10, TimeUnit.SECONDS));
    GatewayHarness.await(socket.close());
  }

  @Test
  void takesTheTokenFromTheAuthorizationHeaderToo() throws InterruptedException {
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket socket = connect(options("/api/events").putHeader("Authorization", "Bearer " + DEPLOYER), frames);
    assertEquals("ready", frames.poll(10, TimeUnit.SECONDS).getString("topic"));
  }

  @Test
  void unsubscribesWhenTheSocketCloses() throws InterruptedException {
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket socket = connect(options("/api/events?access_token=" + DEPLOYER), frames);
    assertEquals("ready", frames.poll(10, TimeUnit.SECONDS).getString("topic"));
    GatewayHarness.await(socket.close());

    // a request to STATUS finds no consumer once the gateway unregistered its own
    Promise<Void> gone = Promise.promise();
    pollNoConsumer(gone, 100);
    GatewayHarness.await(gone.future());
  }

  @Test
  void refusesTheUpgradeWithoutAValidTokenOrForAnInvoker() {
    UpgradeRejectedException none = assertThrows(UpgradeRejectedException.class,
      () -> GatewayHarness.await(client.connect(options("/api/events"))));
    assertEquals(401, none.getStatus());
    UpgradeRejectedException invoker = assertThrows(UpgradeRejectedException.class,
      () -> GatewayHarness.await(client.connect(options("/api/events?access_token=" + INVOKER))));
    assertEquals(403, invoker.getStatus());
  }

  @Test
  void aPlainGetIs426() {
    GatewayHarness.Response response = gateway.call(io.vertx.core.http.HttpMethod.GET, "/api/events", DEPLOYER);
    assertEquals(426, response.status());
    assertTrue(response.json().containsKey("error"));
  }

  private void pollNoConsumer(Promise<Void> gone, int triesLeft) {
    vertx.eventBus().request(Names.Address.STATUS, new JsonObject(),
      new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(200)).onComplete(ar -> {
        if (ar.failed() && ar.cause() instanceof io.vertx.core.eventbus.ReplyException r
          && r.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS) {
          gone.complete();
        } else if (triesLeft == 0) {
          gone.fail("the gateway still consumes " + Names.Address.STATUS);
        } else {
          vertx.setTimer(20, t -> pollNoConsumer(gone, triesLeft - 1));
        }
      });
  }

  /** Connects with the frame handler set before the upgrade, so no frame is missed. */
  private WebSocket connect(WebSocketConnectOptions options, BlockingQueue<JsonObject> frames) {
    return GatewayHarness.await(client.webSocket().textMessageHandler(text -> frames.add(new JsonObject(text))).connect(options));
  }

  private WebSocketConnectOptions options(String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port).setURI(uri);
  }
}
