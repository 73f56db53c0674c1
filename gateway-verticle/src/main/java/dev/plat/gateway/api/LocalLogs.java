package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.LogsOptions;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The log streams of one function's containers on this node's Docker: labelled {@code plat.function},
 * or pool containers specialized for it (renamed {@code plat-<name>-<instance>}), stopped ones
 * included, oldest first; a container labelled with another node ({@code plat.node}) is that node's
 * to serve ({@link NodeLogsHandler}) and left out. Each source is prefixed with its instance. A
 * container removed between the listing and the opening of its output (an old instance going while a
 * new one takes over) is left out too: its output went with it.
 */
public final class LocalLogs {
  private final DockerClient docker;
  private final String nodeId;

  public LocalLogs(DockerClient docker, String nodeId) {
    this.docker = docker;
    this.nodeId = nodeId;
  }

  /**
   * Opens the streams of {@code name}'s containers; fails with 502 {@code logs_unavailable} when any
   * that still exists cannot be read.
   */
  Future<List<LogRelay.Source>> open(String name, LogsOptions options) {
    return containers(name).compose(containers -> open(containers, options));
  }

  private Future<List<ContainerSummary>> containers(String name) {
    Future<List<ContainerSummary>> labelled = docker.listContainers(true, DockerFilters.create().label(Names.Label.FUNCTION, name));
    Future<List<ContainerSummary>> pooled = docker.listContainers(true, DockerFilters.create().label(Names.Label.POOL)
      .add("name", "^/plat-" + name + "-[a-z0-9]{10}$"));
    return Future.all(labelled, pooled).map(all -> {
      List<ContainerSummary> out = new ArrayList<>(labelled.result());
      out.addAll(pooled.result());
      out.removeIf(c -> !ours(c));
      out.sort(Comparator.comparingLong(ContainerSummary::created));
      return out;
    });
  }

  /** Whether this node serves the logs of {@code c}: it has no node label (older containers, tests) or this node's. */
  private boolean ours(ContainerSummary c) {
    String node = c.labels() == null ? null : c.labels().get(Names.Label.NODE);
    return node == null || node.isBlank() || node.equals(nodeId);
  }

  private Future<List<LogRelay.Source>> open(List<ContainerSummary> containers, LogsOptions options) {
    List<Future<LogRelay.Source>> sources = containers.stream()
      .map(c -> docker.logs(c.id(), options).map(stream -> LogRelay.Source.of(instance(c), stream)))
      .toList();
    return Future.join(sources).transform(all -> {
      List<LogRelay.Source> opened = sources.stream().filter(Future::succeeded).map(Future::result).toList();
      Throwable failure = sources.stream().filter(Future::failed).map(Future::cause)
        .filter(cause -> !(cause instanceof DockerNotFoundException)).findFirst().orElse(null);
      if (failure != null) {
        opened.forEach(LogRelay.Source::closeQuietly);
        return Future.failedFuture(new PlatError(502, "logs_unavailable", "cannot read the logs: " + failure.getMessage()));
      }
      return Future.succeededFuture(opened);
    });
  }

  private static String instance(ContainerSummary container) {
    String instance = container.labels() == null ? null : container.labels().get(Names.Label.INSTANCE);
    if (instance != null && !instance.isBlank()) {
      return instance;
    }
    return container.id().length() > 12 ? container.id().substring(0, 12) : container.id();
  }
}
