package dev.plat.gateway.api;

import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.LogsOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /api/functions/{name}/logs?follow=true|false&tail=N&timestamps=true|false}: the output
 * of the function's containers, stopped ones included, as chunked {@code text/plain}: those on this
 * node's Docker ({@link LocalLogs}) and those on every other node, read from it over the
 * node-to-node port ({@link PeerLogs}, {@link NodeLogsHandler}). With several instances each line
 * starts with {@code [instance]}. Without {@code follow} it ends when the logs so far are written;
 * with it, when every container stops or the client goes away. 404 {@code function_not_found} for
 * an unknown function.
 */
public class FunctionLogsHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;
  private final LocalLogs local;
  private final PeerLogs peers;

  /**
   * @param client the client to the other nodes' proxy ports (kept by the caller)
   * @param secret the cluster secret those requests carry; {@code null}: other nodes are not asked
   * @param peers  the proxy ports ({@code host:port}) of the other nodes that may run instances
   */
  public FunctionLogsHandler(ControllerClient controller, LocalLogs local, HttpClient client, ClusterSecret secret,
      Supplier<Collection<String>> peers) {
    this.controller = controller;
    this.local = local;
    this.peers = new PeerLogs(client, secret, peers);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String name = Responses.functionName(ctx);
    LogsOptions options = options(ctx.request());
    controller.get(name)
      .compose(status -> open(name, options))
      .onComplete(opened -> {
        if (opened.failed()) {
          ctx.fail(opened.cause());
        } else if (ctx.response().closed()) {
          opened.result().forEach(LogRelay.Source::closeQuietly);
        } else {
          new LogRelay(ctx.response(), opened.result()).start();
        }
      });
  }

  /** This node's streams and the other nodes'; prefixes only when there is more than one container in all. */
  private Future<List<LogRelay.Source>> open(String name, LogsOptions options) {
    Future<List<LogRelay.Source>> here = local.open(name, options);
    Future<List<PeerLogs.Answer>> there = peers.open(name, options);
    return Future.join(here, there).transform(all -> {
      if (all.failed()) {
        if (here.succeeded()) {
          here.result().forEach(LogRelay.Source::closeQuietly);
        }
        if (there.succeeded()) {
          there.result().forEach(a -> a.source().closeQuietly());
        }
        return Future.failedFuture(here.failed() ? here.cause() : there.cause());
      }
      int containers = here.result().size() + there.result().stream().mapToInt(PeerLogs.Answer::containers).sum();
      List<LogRelay.Source> sources = new ArrayList<>();
      for (LogRelay.Source s : here.result()) {
        sources.add(containers > 1 ? s : s.withPrefix(null));
      }
      for (PeerLogs.Answer a : there.result()) {
        sources.add(containers > 1 ? a.source() : a.source().stripped());
      }
      return Future.succeededFuture(sources);
    });
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
