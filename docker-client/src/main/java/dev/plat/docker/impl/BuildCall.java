package dev.plat.docker.impl;

import dev.plat.docker.BuildEvent;
import dev.plat.docker.BuildFailedException;
import dev.plat.docker.BuildOptions;
import dev.plat.docker.BuildResult;
import dev.plat.docker.DockerException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** {@code POST /build}: streams the tar context up, reads the progress stream down to its end. */
final class BuildCall {

  private final Transport transport;
  private final BuildOptions options;
  private final Handler<BuildEvent> progress;
  private final LogTail tail;
  private String imageId;
  private String error;

  BuildCall(Transport transport, BuildOptions options, Handler<BuildEvent> progress) {
    this.transport = transport;
    this.options = options;
    this.progress = progress;
    this.tail = new LogTail(transport.options().getBuildLogTailLines());
  }

  static DockerRequest request(BuildOptions options, ReadStream<Buffer> context) {
    DockerRequest request = DockerRequest.post("/build")
      .param("dockerfile", options.dockerfile())
      .param("networkmode", options.networkMode())
      .flag("rm", true)
      .flag("forcerm", true)
      .flag("nocache", options.noCache())
      .flag("pull", options.pull());
    options.tags().forEach(t -> request.param("t", t));
    if (!options.buildArgs().isEmpty()) {
      request.param("buildargs", JsonReads.object(options.buildArgs()).encode());
    }
    if (!options.labels().isEmpty()) {
      request.param("labels", JsonReads.object(options.labels()).encode());
    }
    return request.stream(context, "application/x-tar").idleTimeout(0);
  }

  Future<BuildResult> run(ReadStream<Buffer> context) {
    return transport.send(request(options, context))
      .compose(response -> JsonMessageReader.read(response, transport.dockerHost(), json -> onMessage(BuildEvent.fromJson(json))))
      .compose(v -> result());
  }

  private void onMessage(BuildEvent event) {
    if (event.stream() != null) {
      tail.add(event.stream());
    }
    if (event.isError() && error == null) {
      error = event.error();
    }
    if (event.imageId() != null) {
      imageId = event.imageId();
    }
    if (progress != null) {
      progress.handle(event);
    }
  }

  private Future<BuildResult> result() {
    if (error != null) {
      return Future.failedFuture(new BuildFailedException(error, tail.lines()));
    }
    if (imageId == null) {
      return Future.failedFuture(new DockerException(DockerException.NO_STATUS, "the build ended without an image id"));
    }
    return Future.succeededFuture(new BuildResult(imageId, options.tags()));
  }
}
