package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.LogsOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/functions/{name}/logs?follow=true|false&tail=N&timestamps=true|false}: the output
 * of the function's containers on this node's Docker (found by the {@code plat.function} label, or
 * for a specialized pool container by its name, stopped ones included), as chunked {@code text/plain}. With several instances each line starts
 * with {@code [instance]}. Without {@code follow} it ends when the logs so far are written; with it,
 * when every container stops or the client goes away. 404 {@code function_not_found} for an unknown function.
 */
public class FunctionLogsHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;
  private final DockerClient docker;

  public FunctionLogsHandler(ControllerClient controller, DockerClient docker) {
    this.controller = controller;
    this.docker = docker;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String name = Responses.functionName(ctx);
    LogsOptions options = options(ctx.request());
    controller.get(name)
      .compose(status -> containers(name))
      .compose(containers -> open(containers, options))
      .onComplete(opened -> {
        if (opened.failed()) {
          ctx.fail(opened.cause());
        } else if (ctx.response().closed()) {
          opened.result().forEach(s -> s.stream().close());
        } else {
          new LogRelay(ctx.response(), opened.result()).start();
        }
      });
  }

  /** Its containers: labelled {@code plat.function=name}, and pool containers specialized for it (renamed {@code plat-<name>-<instance>}). */
  private Future<List<ContainerSummary>> containers(String name) {
    Future<List<ContainerSummary>> labelled = docker.listContainers(true, DockerFilters.create().label(Names.Label.FUNCTION, name));
    Future<List<ContainerSummary>> pooled = docker.listContainers(true, DockerFilters.create().label(Names.Label.POOL)
      .add("name", "^/plat-" + name + "-[a-z0-9]{10}$"));
    return Future.all(labelled, pooled).map(all -> {
      List<ContainerSummary> out = new ArrayList<>(labelled.result());
      out.addAll(pooled.result());
      return out;
    });
  }

  private Future<List<LogRelay.Source>> open(List<ContainerSummary> containers, LogsOptions options) {
    List<ContainerSummary> sorted = new ArrayList<>(containers);
    sorted.sort(Comparator.comparingLong(ContainerSummary::created));
    boolean prefixed = sorted.size() > 1;
    List<Future<LogRelay.Source>> sources = sorted.stream()
      .map(c -> docker.logs(c.id(), options).map(stream -> new LogRelay.Source(prefixed ? shortId(c) : null, stream)))
      .toList();
    return Future.join(sources).transform(all -> {
      List<LogRelay.Source> opened = sources.stream().filter(Future::succeeded).map(Future::result).toList();
      if (all.failed()) {
        opened.forEach(s -> s.stream().close());
        return Future.failedFuture(new PlatError(502, "logs_unavailable", "cannot read the logs: " + all.cause().getMessage()));
      }
      return Future.succeededFuture(opened);
    });
  }

  private static String shortId(ContainerSummary container) {
    String instance = container.labels() == null ? null : container.labels().get(Names.Label.INSTANCE);
    if (instance != null && !instance.isBlank()) {
      return instance;
    }
    return container.id().length() > 12 ? container.id().substring(0, 12) : container.id();
  }

  static LogsOptions options(HttpServerRequest request) {
    boolean follow = flag(request, "follow");
    boolean timestamps = flag(request, "timestamps");
    String tail = request.getParam("tail");
    if (tail == null || tail.isEmpty() || tail.equals("all")) {
      tail = "all";
    } else if (!tail.matches("\\d{1,9}")) {
      throw PlatError.badRequest("bad_tail", "tail must be a number of lines or 'all'; got '" + tail + "'");
    }
    return new LogsOptions(follow, true, true, timestamps, tail, 0);
  }

  private static boolean flag(HttpServerRequest request, String param) {
    String value = request.getParam(param);
    if (value == null || value.isEmpty() || value.equals("false") || value.equals("0")) {
      return false;
    }
    if (value.equals("true") || value.equals("1")) {
      return true;
    }
    throw PlatError.badRequest("bad_" + param, param + " must be true or false; got '" + value + "'");
  }
}
