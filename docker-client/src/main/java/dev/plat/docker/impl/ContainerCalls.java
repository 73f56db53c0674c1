package dev.plat.docker.impl;

import dev.plat.docker.ContainerExit;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.ContainerStats;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.LogsOptions;
import dev.plat.docker.ResourceLimits;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The container endpoints. */
final class ContainerCalls {

  private final Transport transport;

  ContainerCalls(Transport transport) {
    this.transport = transport;
  }

  private static String path(String id, String action) {
    return "/containers/" + DockerRequest.encode(id) + action;
  }

  Future<String> create(ContainerSpec spec) {
    DockerRequest request = DockerRequest.post("/containers/create").param("name", spec.name())
      .json(ContainerSpecCodec.toCreateJson(spec));
    return transport.jsonObject(request).map(json -> json.getString("Id"));
  }

  Future<Void> start(String id) {
    return transport.discard(DockerRequest.post(path(id, "/start")));
  }

  Future<Void> stop(String id, int timeoutSeconds) {
    if (timeoutSeconds < 0) {
      return Future.failedFuture(new IllegalArgumentException("stop timeout must be >= 0"));
    }
    long idle = transport.options().getRequestTimeout();
    return transport.discard(DockerRequest.post(path(id, "/stop")).param("t", timeoutSeconds)
      .idleTimeout(idle == 0 ? 0 : idle + timeoutSeconds * 1000L));
  }

  Future<Void> kill(String id, String signal) {
    return transport.discard(DockerRequest.post(path(id, "/kill")).param("signal", signal));
  }

  Future<Void> remove(String id, boolean force) {
    return transport.discard(DockerRequest.delete(path(id, "")).flag("force", force).flag("v", true));
  }

  Future<ContainerInfo> inspect(String id) {
    return transport.jsonObject(DockerRequest.get(path(id, "/json"))).map(ContainerInfo::fromJson);
  }

  Future<List<ContainerSummary>> list(boolean all, DockerFilters filters) {
    DockerRequest request = DockerRequest.get("/containers/json").flag("all", all);
    if (filters != null && !filters.isEmpty()) {
      request.param("filters", filters.toJson().encode());
    }
    return transport.jsonArray(request).map(array -> {
      List<ContainerSummary> out = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        out.add(ContainerSummary.fromJson(array.getJsonObject(i)));
      }
      return List.copyOf(out);
    });
  }

  Future<Void> pause(String id) {
    return transport.discard(DockerRequest.post(path(id, "/pause")));
  }

  Future<Void> unpause(String id) {
    return transport.discard(DockerRequest.post(path(id, "/unpause")));
  }

  Future<ContainerExit> await(String id) {
    return transport.jsonObject(DockerRequest.post(path(id, "/wait")).param("condition", "not-running").idleTimeout(0))
      .map(ContainerExit::fromJson);
  }

  Future<LogFrameStream> logs(String id, LogsOptions options, Consumer<LogFrameStream> onFinish) {
    DockerRequest request = DockerRequest.get(path(id, "/logs"))
      .flag("follow", options.follow())
      .flag("stdout", options.stdout())
      .flag("stderr", options.stderr())
      .flag("timestamps", options.timestamps())
      .param("tail", options.tail())
      .param("since", options.since() > 0 ? options.since() : null)
      .idleTimeout(options.follow() ? 0 : DockerRequest.DEFAULT_TIMEOUT);
    return transport.send(request).map(response -> new LogFrameStream(response, transport.dockerHost(), onFinish));
  }

  Future<Void> update(String id, ResourceLimits limits) {
    JsonObject body = new JsonObject().put("Memory", limits.memoryBytes()).put("MemorySwap", limits.memoryBytes())
      .put("NanoCpus", limits.nanoCpus()).put("PidsLimit", limits.pidsLimit());
    if (limits.memoryBytes() == 0) {
      body.put("MemorySwap", -1);
    }
    return transport.discard(DockerRequest.post(path(id, "/update")).json(body));
  }

  Future<Void> rename(String id, String name) {
    return transport.discard(DockerRequest.post(path(id, "/rename")).param("name", name));
  }

  Future<ReadStream<Buffer>> archive(String id, String path) {
    return transport.send(DockerRequest.get(path(id, "/archive")).param("path", path)).map(response -> {
      response.pause();
      return (ReadStream<Buffer>) response;
    });
  }

  Future<ContainerStats> stats(String id) {
    return transport.jsonObject(DockerRequest.get(path(id, "/stats")).param("stream", "false").param("one-shot", "true"))
      .map(ContainerStats::fromJson);
  }
}
