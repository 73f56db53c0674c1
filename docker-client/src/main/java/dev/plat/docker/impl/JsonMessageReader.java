package dev.plat.docker.impl;

import dev.plat.docker.DockerException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;

/** Reads a response made of concatenated JSON objects (build and push progress) to its end. */
final class JsonMessageReader {

  private JsonMessageReader() {
  }

  /**
   * Delivers every object of the response to {@code onMessage}, in order.
   *
   * @return completes at the end of the response; fails when the stream breaks, is not JSON, or
   *         {@code onMessage} throws (the request is then reset)
   */
  static Future<Void> read(HttpClientResponse response, String dockerHost, Handler<JsonObject> onMessage) {
    Promise<Void> done = Promise.promise();
    JsonObjectSplitter splitter = new JsonObjectSplitter(buffer -> onMessage.handle(new JsonObject(buffer)));
    response.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      try {
        splitter.feed(chunk);
      } catch (RuntimeException e) {
        done.tryFail(e instanceof DockerException ? e
          : new DockerException(DockerException.NO_STATUS, "cannot read the daemon's progress stream: " + e.getMessage(), e));
        response.request().reset();
      }
    });
    response.exceptionHandler(t -> done.tryFail(DockerErrors.fromThrowable(t, dockerHost)));
    response.endHandler(v -> {
      if (splitter.hasPartialObject()) {
        done.tryFail(new DockerException(DockerException.NO_STATUS, "the daemon's progress stream ended inside a message"));
      } else {
        done.tryComplete();
      }
    });
    return done.future();
  }
}
