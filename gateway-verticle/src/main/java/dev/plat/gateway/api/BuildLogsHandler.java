package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/builds/{id}/logs}: a build's log as chunked {@code text/plain}, one line per log
 * line, live until the build ends. It subscribes to {@code BUILD_EVENTS} first, then reads the
 * build ({@code get}) and writes its lines so far, then every {@code log} event whose {@code seq}
 * is above the last one written (events that raced the read are held until it answers), and ends
 * on the build's {@code done} or {@code failed} event, or at once when it had already ended.
 * Log entries of {@code get} are {@code {"seq","line"}} objects or plain strings. 404
 * {@code build_not_found} for an unknown build.
 */
public class BuildLogsHandler implements Handler<RoutingContext> {
  private final BuildQueries builder;

  public BuildLogsHandler(BuildQueries builder) {
    this.builder = builder;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = BuildIds.require(ctx.pathParam("id"));
    Relay relay = new Relay(ctx.response(), id);
    MessageConsumer<Object> consumer = ctx.vertx().eventBus().consumer(Names.Address.BUILD_EVENTS, msg -> {
      if (msg.body() instanceof JsonObject event && id.equals(event.getString("buildId"))) {
        relay.onEvent(event);
      }
    });
    relay.consumer = consumer;
    consumer.completion()
      .compose(v -> builder.get(id))
      .onComplete(got -> {
        if (got.failed()) {
          consumer.unregister();
          ctx.fail(got.cause());
        } else {
          relay.start(got.result());
        }
      });
  }

  /** The state of one response: events wait in {@code held} until the build is read. */
  private static final class Relay {
    private final HttpServerResponse response;
    private final String id;
    private final List<JsonObject> held = new ArrayList<>();
    private MessageConsumer<Object> consumer;
    private boolean started;
    private boolean finished;
    private long lastSeq = -1;

    Relay(HttpServerResponse response, String id) {
      this.response = response;
      this.id = id;
    }

    void start(JsonObject build) {
      started = true;
      if (response.closed()) {
        finish();
        return;
      }
      response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, Responses.TEXT)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
      response.closeHandler(v -> finish());
      response.writeHead();
      JsonArray log = build.getJsonArray("log", new JsonArray());
      for (int i = 0; i < log.size(); i++) {
        Object entry = log.getValue(i);
        if (entry instanceof JsonObject line) {
          writeLine(line.getString("line", ""));
          lastSeq = Math.max(lastSeq, line.getLong("seq", lastSeq));
        } else if (entry != null) {
          writeLine(entry.toString());
        }
      }
      if (build.containsKey("seq")) {
        lastSeq = Math.max(lastSeq, build.getLong("seq"));
      }
      String state = build.getString("state", "");
      if (state.equals("succeeded") || state.equals("failed")) {
        if (state.equals("failed") && build.getString("error") != null) {
          writeLine("build failed: " + build.getString("error"));
        }
        finish();
        return;
      }
      held.forEach(this::onEvent);
      held.clear();
    }

    void onEvent(JsonObject event) {
      if (finished) {
        return;
      }
      if (!started) {
        held.add(event);
        return;
      }
      String type = event.getString("type", "");
      long seq = event.getLong("seq", Long.MAX_VALUE);
      if (type.equals(Actions.Builder.EVENT_LOG) && seq > lastSeq) {
        writeLine(event.getString("line", ""));
        lastSeq = seq;
      } else if (type.equals(Actions.Builder.EVENT_DONE) || type.equals(Actions.Builder.EVENT_FAILED)) {
        if (type.equals(Actions.Builder.EVENT_FAILED) && event.getString("error") != null) {
          writeLine("build failed: " + event.getString("error"));
        }
        finish();
      }
    }

    private void writeLine(String line) {
      if (!response.closed()) {
        response.write(line.endsWith("\n") ? line : line + "\n");
      }
    }

    private void finish() {
      if (!finished) {
        finished = true;
        consumer.unregister();
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      }
    }
  }
}
