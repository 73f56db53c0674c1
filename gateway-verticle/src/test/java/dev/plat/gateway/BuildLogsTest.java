package dev.plat.gateway;

import static dev.plat.gateway.GatewayHarness.DEPLOYER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class BuildLogsTest {
  private Vertx vertx;
  private GatewayHarness gateway;
  private FakeRole builder;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dataDir) {
    this.vertx = vertx;
    gateway = GatewayHarness.start(vertx, dataDir);
    builder = new FakeRole(vertx, Names.Address.BUILDER);
  }

  @Test
  void writesTheExistingLinesThenLiveOnesAndEndsOnDone() {
    builder.on(Actions.Builder.GET, body -> {
      // an event that races the read: published after the gateway subscribed, before it got the build
      publish(log("b-1", 3, "step 3"));
      return build("b-1", "building", line(1, "step 1"), line(2, "step 2"));
    });
    Future<String> text = gateway.onContext(() -> gateway.client
      .request(gateway.options(HttpMethod.GET, "/api/builds/b-1/logs", DEPLOYER))
      .compose(req -> req.send())
      .compose(resp -> {
        if (resp.statusCode() != 200 || !resp.getHeader("Content-Type").startsWith("text/plain")) {
          return Future.failedFuture(new AssertionError("status " + resp.statusCode() + " " + resp.getHeader("Content-Type")));
        }
        Future<String> body = resp.body().map(Buffer::toString);
        publish(log("b-1", 2, "step 2"));          // already written: skipped
        publish(log("other", 9, "not this build"));
        publish(log("b-1", 4, "step 4"));
        publish(new JsonObject().put("buildId", "b-1").put("type", Actions.Builder.EVENT_DONE).put("seq", 5).put("state", "succeeded"));
        return body;
      }));

    assertEquals("step 1\nstep 2\nstep 3\nstep 4\n", GatewayHarness.await(text));
    assertEquals(new JsonObject().put("buildId", "b-1"), builder.only().body());
  }

  @Test
  void endsAtOnceWhenTheBuildHadAlreadyFailed() {
    builder.on(Actions.Builder.GET, body -> build("b-2", "failed", line(1, "compiling")).put("error", "exit code 1"));
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/builds/b-2/logs", DEPLOYER);
    assertEquals(200, response.status());
    assertEquals("compiling\nbuild failed: exit code 1\n", response.text());
  }

  @Test
  void anUnknownBuildIs404() {
    builder.on(Actions.Builder.GET, body -> {
      throw PlatError.notFound("build_not_found", "no build " + body.getString("buildId"));
    });
    GatewayHarness.Response logs = gateway.call(HttpMethod.GET, "/api/builds/b-9/logs", DEPLOYER);
    assertEquals(404, logs.status());
    assertEquals("build_not_found", logs.json().getString("code"));
    GatewayHarness.Response get = gateway.call(HttpMethod.GET, "/api/builds/b-9", DEPLOYER);
    assertEquals(404, get.status());
    assertEquals("build_not_found", get.json().getString("code"));
    GatewayHarness.Response odd = gateway.call(HttpMethod.GET, "/api/builds/%2E%2E/logs", DEPLOYER);
    assertEquals(404, odd.status());
    assertEquals(2, builder.requests.size(), "an id that cannot be a build is not asked for");
  }

  @Test
  void getsABuild() {
    builder.on(Actions.Builder.GET, body -> build("b-3", "succeeded").put("image", "127.0.0.1:5000/plat/x:1"));
    GatewayHarness.Response response = gateway.call(HttpMethod.GET, "/api/builds/b-3", DEPLOYER);
    assertEquals(200, response.status());
    assertEquals("127.0.0.1:5000/plat/x:1", response.json().getString("image"));
  }

  private void publish(JsonObject event) {
    vertx.eventBus().publish(Names.Address.BUILD_EVENTS, event);
  }

  private static JsonObject log(String buildId, long seq, String line) {
    return new JsonObject().put("buildId", buildId).put("function", "hello").put("version", 1)
      .put("type", Actions.Builder.EVENT_LOG).put("seq", seq).put("line", line);
  }

  private static JsonObject line(long seq, String line) {
    return new JsonObject().put("seq", seq).put("line", line);
  }

  private static JsonObject build(String id, String state, JsonObject... lines) {
    JsonArray log = new JsonArray();
    for (JsonObject line : lines) {
      log.add(line);
    }
    return new JsonObject().put("id", id).put("function", "hello").put("version", 1).put("state", state).put("log", log);
  }
}
