package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.PoolBackend;
import dev.plat.controller.PoolRuntimes;
import dev.plat.docker.ResourceLimits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A pool backend in memory: exports succeed at once, every call is logged in order. */
final class FakePoolBackend implements PoolBackend {
  final List<String> ops = new ArrayList<>();
  /** Early exports stay pending until {@link #releaseEarlyExports}. */
  boolean holdEarlyExports;
  private final List<io.vertx.core.Promise<Void>> heldEarly = new ArrayList<>();
  final Set<String> exported = new HashSet<>();
  final Map<String, JsonObject> assignments = new HashMap<>();
  boolean failSpecialize;
  boolean failImage;
  /** Exports never end (a slow image). */
  boolean holdExports;
  /** The pooled runtimes (as runtime.json files would say). */
  PoolRuntimes runtimes = PoolRuntimes.of(Map.of("python-flask", "/opt/venv/lib"));

  @Override
  public PoolRuntimes runtimes() {
    return runtimes;
  }

  @Override
  public Future<String> runtimeImage(String runtime) {
    ops.add("image " + runtime);
    return failImage ? Future.failedFuture("no base image") : Future.succeededFuture("pool/" + runtime);
  }

  @Override
  public boolean exported(FunctionSpec spec) {
    return exported.contains(spec.name() + "@" + spec.version());
  }

  @Override
  public Future<Void> export(FunctionSpec spec) {
    ops.add("export " + spec.name() + "@" + spec.version());
    if (holdExports) {
      return io.vertx.core.Promise.<Void>promise().future();
    }
    exported.add(spec.name() + "@" + spec.version());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> exportEarly(FunctionSpec spec, String imageId, java.nio.file.Path context) {
    ops.add("exportEarly " + spec.name() + "@" + spec.version() + " " + imageId + (context == null ? "" : " " + context));
    if (holdEarlyExports) {
      io.vertx.core.Promise<Void> held = io.vertx.core.Promise.promise();
      heldEarly.add(held);
      return held.future();
    }
    return Future.succeededFuture();
  }

  /** Completes the early exports held so far. */
  void releaseEarlyExports() {
    holdEarlyExports = false;
    heldEarly.forEach(io.vertx.core.Promise::complete);
    heldEarly.clear();
  }

  @Override
  public Future<Void> stageEarly(FunctionSpec spec, String imageId, String folder) {
    ops.add("stageEarly " + spec.name() + "@" + spec.version() + " " + imageId);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> forget(String name) {
    ops.add("forget " + name);
    exported.removeIf(k -> k.startsWith(name + "@"));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> createCodeFolder(String folder) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stage(FunctionSpec spec, String folder) {
    ops.add("stage " + spec.name() + " " + folder);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> writeAssignment(String socketFolder, JsonObject assignment) {
    ops.add("assign " + socketFolder + " " + assignment.getString("function"));
    assignments.put(socketFolder, assignment.copy());
    return Future.succeededFuture();
  }

  @Override
  public Future<JsonObject> readAssignment(String socketFolder) {
    return Future.succeededFuture(assignments.get(socketFolder));
  }

  @Override
  public Future<Void> specialize(String socket, String containerId) {
    ops.add("specialize " + socket);
    return failSpecialize ? Future.failedFuture("specialize answered 500: SyntaxError") : Future.succeededFuture();
  }

  @Override
  public Future<Void> update(String containerId, ResourceLimits limits) {
    ops.add("update " + containerId + " " + limits.memoryBytes());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> rename(String containerId, String name) {
    ops.add("rename " + containerId + " " + name);
    return Future.succeededFuture();
  }
}
