package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.docker.LogsOptions;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@link Names.Internal#LOGS} on the node-to-node (proxy) port, which has checked the cluster secret:
 * the output of this node's containers of {@code function} ({@link LocalLogs}), streamed as chunked
 * {@code text/plain}, every line {@code [instance] line}, with {@link Names.Header#LOG_SOURCES}
 * saying how many containers there are. {@code tail}, {@code follow} and {@code timestamps} as on
 * {@code GET /api/functions/{name}/logs}. The gateway that received {@code plat logs} merges these
 * answers with its own containers' ({@link FunctionLogsHandler}). Errors are JSON.
 */
public class NodeLogsHandler implements Handler<HttpServerRequest> {
  private final LocalLogs local;

  public NodeLogsHandler(LocalLogs local) {
    this.local = local;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!Names.Internal.LOGS.equals(request.path())) {
      fail(request, PlatError.notFound("not_found", "no such path: " + request.path()));
      return;
    }
    String name = request.getParam("function");
    LogsOptions options;
    try {
      if (name == null || !FunctionSpec.isValidName(name)) {
        throw PlatError.badRequest("bad_name", "not a function name: '" + name + "'");
      }
      options = FunctionLogsHandler.options(request);
    } catch (PlatError e) {
      fail(request, e);
      return;
    }
    local.open(name, options).onComplete(opened -> {
      if (opened.failed()) {
        fail(request, PlatError.from(opened.cause()));
      } else if (request.response().closed()) {
        opened.result().forEach(LogRelay.Source::closeQuietly);
      } else {
        request.response().putHeader(Names.Header.LOG_SOURCES, Integer.toString(opened.result().size()));
        new LogRelay(request.response(), opened.result()).start();
      }
    });
  }

  private static void fail(HttpServerRequest request, PlatError error) {
    if (!request.response().closed() && !request.response().headWritten()) {
      request.response().setStatusCode(error.status()).putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON)
        .end(error.toJson().encode());
    }
  }
}
