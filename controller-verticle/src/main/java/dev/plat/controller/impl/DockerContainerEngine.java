package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.controller.ContainerEngine;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerConflictException;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.LogsOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.Arrays;
import java.util.List;

/** {@link ContainerEngine} over the Docker Engine API. */
final class DockerContainerEngine implements ContainerEngine {
  private final DockerClient docker;

  public DockerContainerEngine(DockerClient docker) {
    this.docker = docker;
  }

  @Override
  public Future<Void> ping() {
    return docker.ping();
  }

  @Override
  public Future<String> run(ContainerSpec spec) {
    return docker.createContainer(spec).compose(id -> docker.startContainer(id).map(id)
      .recover(err -> docker.removeContainer(id, true).transform(ignored -> Future.failedFuture(err))));
  }

  @Override
  public Future<Void> stop(String containerId, int timeoutSeconds) {
    return gone(docker.stopContainer(containerId, timeoutSeconds));
  }

  @Override
  public Future<Void> pause(String containerId) {
    return docker.pauseContainer(containerId);
  }

  @Override
  public Future<Void> unpause(String containerId) {
    return docker.unpauseContainer(containerId).recover(err -> err instanceof DockerConflictException
      && String.valueOf(err.getMessage()).contains("not paused") ? Future.succeededFuture() : Future.failedFuture(err));
  }

  @Override
  public Future<Void> remove(String containerId) {
    return gone(docker.removeContainer(containerId, true));
  }

  @Override
  public Future<List<Container>> list(String node) {
    DockerFilters filters = DockerFilters.create().label(Names.Label.NODE, node);
    return docker.listContainers(true, filters).map(list -> list.stream().map(DockerContainerEngine::container).toList());
  }

  private static Container container(ContainerSummary c) {
    String name = c.names().isEmpty() ? c.id() : c.names().get(0).replaceFirst("^/", "");
    boolean paused = "paused".equals(c.state());
    return new Container(c.id(), name, c.labels(), paused || "running".equals(c.state()), paused);
  }

  @Override
  public Future<List<String>> logTail(String containerId, int lines) {
    return docker.logs(containerId, LogsOptions.all().withTail(lines)).compose(stream -> {
      Promise<List<String>> done = Promise.promise();
      StringBuilder text = new StringBuilder();
      stream.handler(frame -> {
        if (text.length() < 64 * 1024) {
          text.append(frame.text());
        }
      });
      stream.exceptionHandler(done::tryFail);
      stream.endHandler(v -> {
        List<String> all = Arrays.stream(text.toString().split("\r?\n")).filter(l -> !l.isEmpty()).toList();
        done.tryComplete(all.subList(Math.max(0, all.size() - lines), all.size()));
      });
      return done.future();
    });
  }

  @Override
  public Future<Exit> exit(String containerId) {
    return docker.inspectContainer(containerId).map(info -> new Exit(info.state().running(),
      info.state().exitCode(), info.state().oomKilled(), info.state().error()));
  }

  @Override
  public Future<Subscription> events(String node, Handler<Event> handler) {
    DockerFilters filters = DockerFilters.create().type("container")
      .label(Names.Label.NODE, node)
      .event("die").event("oom").event("destroy");
    return docker.events(filters, e -> handler.handle(new Event(e.action(), e.actorId(), e.attributes())))
      .map(sub -> sub::close);
  }

  @Override
  public Future<Void> removeImage(String image) {
    return docker.removeImage(image, false).recover(err -> err instanceof DockerNotFoundException
      || err instanceof DockerConflictException ? Future.succeededFuture() : Future.failedFuture(err));
  }

  /** Not found, or a removal already in progress, means the container is (being) gone. */
  private static Future<Void> gone(Future<Void> call) {
    return call.recover(err -> err instanceof DockerNotFoundException
      || (err instanceof DockerConflictException && String.valueOf(err.getMessage()).contains("in progress"))
      ? Future.succeededFuture() : Future.failedFuture(err));
  }
}
