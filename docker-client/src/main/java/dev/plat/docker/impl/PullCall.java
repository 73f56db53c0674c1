package dev.plat.docker.impl;

import dev.plat.docker.PullEvent;
import dev.plat.docker.PullFailedException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /images/create?fromImage=...&tag=...}: reads the progress stream to its end and fails
 * when a message of it carries an error (the daemon answers 200 before it knows whether the pull works).
 */
final class PullCall {

  private final Transport transport;
  private final String reference;
  private final Handler<PullEvent> progress;
  private String error;

  PullCall(Transport transport, String reference, Handler<PullEvent> progress) {
    this.transport = transport;
    this.reference = reference;
    this.progress = progress;
  }

  /**
   * Splits a reference the way the Docker CLI does for the API: {@code repo@sha256:...} gives
   * {@code fromImage=repo, tag=sha256:...}; {@code repo:tag} gives {@code repo, tag}; a bare
   * {@code repo} gives {@code repo, latest} (an empty tag would pull every tag).
   *
   * @return {@code [fromImage, tag]}
   */
  static String[] split(String reference) {
    if (reference == null || reference.isBlank() || reference.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("not an image reference: '" + reference + "'");
    }
    int at = reference.indexOf('@');
    if (at >= 0) {
      String name = reference.substring(0, at);
      String digest = reference.substring(at + 1);
      if (name.isEmpty() || !digest.matches("[a-z0-9]+:[a-f0-9]{32,}")) {
        throw new IllegalArgumentException("not an image reference: '" + reference + "'");
      }
      // name:tag@digest: the digest wins, the tag is dropped (as docker pull does).
      return new String[] {stripTag(name), digest};
    }
    int colon = reference.lastIndexOf(':');
    if (colon > reference.lastIndexOf('/')) {
      return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
    }
    return new String[] {reference, "latest"};
  }

  private static String stripTag(String name) {
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }

  Future<Void> run(JsonObject auth) {
    String[] parts = split(reference);
    DockerRequest request = DockerRequest.post("/images/create")
      .param("fromImage", parts[0])
      .param("tag", parts[1])
      .header("X-Registry-Auth", PushCall.registryAuth(auth))
      .idleTimeout(0);
    return transport.send(request)
      .compose(response -> JsonMessageReader.read(response, transport.dockerHost(), json -> onMessage(PullEvent.fromJson(json))))
      .compose(v -> error == null ? Future.<Void>succeededFuture() : Future.failedFuture(new PullFailedException(reference, error)));
  }

  private void onMessage(PullEvent event) {
    if (event.isError() && error == null) {
      error = event.error();
    }
    if (progress != null) {
      progress.handle(event);
    }
  }
}
