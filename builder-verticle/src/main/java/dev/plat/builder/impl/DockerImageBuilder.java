package dev.plat.builder.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.ImageReference;
import dev.plat.docker.BuildEvent;
import dev.plat.docker.BuildOptions;
import dev.plat.docker.BuildResult;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.PushEvent;
import dev.plat.docker.PushResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.function.Function;

/** {@link ImageBuilder} on the Docker Engine API: the context file is streamed with back-pressure. */
public final class DockerImageBuilder implements ImageBuilder {
  private final Vertx vertx;
  private final DockerClient docker;
  private final Function<String, Future<JsonObject>> logins;

  public DockerImageBuilder(Vertx vertx, DockerClient docker) {
    this(vertx, docker, host -> Future.succeededFuture());
  }

  /**
   * @param logins the credentials of a registry host ({@code {"username","password","serveraddress"}},
   *               {@code null}: none), sent as {@code X-Registry-Auth} with a push
   */
  public DockerImageBuilder(Vertx vertx, DockerClient docker, Function<String, Future<JsonObject>> logins) {
    this.vertx = vertx;
    this.docker = docker;
    this.logins = logins;
  }

  @Override
  public Future<String> build(Path context, BuildOptions options, Handler<String> output) {
    BuildOutputLines lines = new BuildOutputLines(output);
    return vertx.fileSystem().open(context.toString(), new OpenOptions().setRead(true).setWrite(false))
      .compose(file -> docker.buildImage(file, options, event -> onBuildEvent(event, lines))
        .andThen(ar -> {
          lines.flush();
          closeQuietly(file);
        }))
      .map(BuildResult::imageId);
  }

  private static void onBuildEvent(BuildEvent event, BuildOutputLines lines) {
    if (event.stream() != null) {
      lines.accept(event.stream());
    } else if (event.status() != null && event.progress() == null) {
      lines.line(event.status());
    }
    if (event.isError()) {
      lines.line("ERROR: " + event.error());
    }
  }

  @Override
  public Future<String> push(String repository, String tag, Handler<String> output) {
    BuildOutputLines lines = new BuildOutputLines(output);
    Handler<PushEvent> progress = event -> {
      if (event.isError()) {
        lines.line("ERROR: " + event.error());
      } else if (event.status() != null && event.progress() == null) {
        lines.line(event.layerId() == null ? event.status() : event.layerId() + ": " + event.status());
      }
    };
    return logins.apply(registryOf(repository))
      .compose(auth -> docker.pushImage(repository, tag, auth == null ? new JsonObject() : auth, progress))
      .map(PushResult::digest);
  }

  private static String registryOf(String repository) {
    try {
      return ImageReference.parse(repository).registry();
    } catch (IllegalArgumentException e) {
      return ImageReference.DOCKER_HUB;
    }
  }

  @Override
  public Future<Void> remove(String reference) {
    return docker.removeImage(reference, false)
      .recover(err -> err instanceof DockerNotFoundException ? Future.succeededFuture() : Future.failedFuture(err));
  }

  @Override
  public Future<Void> removeLeftovers(String function, String reference) {
    DockerFilters dangling = DockerFilters.create().add("dangling", "true").label(Names.Label.FUNCTION, function);
    return remove(reference).otherwiseEmpty()
      .compose(v -> docker.listImages(dangling))
      .compose(list -> Future.join(list.stream().map(i -> docker.removeImage(i.id(), false).otherwiseEmpty()).toList()))
      .<Void>mapEmpty().otherwiseEmpty();
  }

  private static void closeQuietly(AsyncFile file) {
    try {
      file.close();
    } catch (RuntimeException alreadyClosed) {
      // the client may have closed it at the end of the stream
    }
  }
}
