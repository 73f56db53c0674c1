package dev.plat.docker.impl;

import dev.plat.docker.DockerException;
import dev.plat.docker.PushEvent;
import dev.plat.docker.PushFailedException;
import dev.plat.docker.PushResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code POST /images/{name}/push}: reads the progress stream to its end, keeps the pushed digest. */
final class PushCall {

  private final Transport transport;
  private final String repository;
  private final String tag;
  private final Handler<PushEvent> progress;
  private String digest;
  private long size;
  private String error;

  PushCall(Transport transport, String repository, String tag, Handler<PushEvent> progress) {
    this.transport = transport;
    this.repository = repository;
    this.tag = tag;
    this.progress = progress;
  }

  /** The {@code X-Registry-Auth} value: the credentials as base64url JSON ({@code {}} for none). */
  static String registryAuth(JsonObject auth) {
    String json = (auth == null ? new JsonObject() : auth).encode();
    return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  Future<PushResult> run(JsonObject auth) {
    DockerRequest request = DockerRequest.post("/images/" + DockerRequest.encode(repository) + "/push")
      .param("tag", tag)
      .header("X-Registry-Auth", registryAuth(auth))
      .idleTimeout(0);
    return transport.send(request)
      .compose(response -> JsonMessageReader.read(response, transport.dockerHost(), json -> onMessage(PushEvent.fromJson(json))))
      .compose(v -> result());
  }

  private void onMessage(PushEvent event) {
    if (event.isError() && error == null) {
      error = event.error();
    }
    if (event.digest() != null) {
      digest = event.digest();
      size = JsonReads.lng(JsonReads.obj(event.raw(), "aux"), "Size");
    }
    if (progress != null) {
      progress.handle(event);
    }
  }

  private Future<PushResult> result() {
    if (error != null) {
      return Future.failedFuture(new PushFailedException(error));
    }
    if (digest == null) {
      return Future.failedFuture(new DockerException(DockerException.NO_STATUS, "the push of " + repository + ":" + tag + " ended without a digest"));
    }
    return Future.succeededFuture(new PushResult(repository, tag, digest, size));
  }
}
