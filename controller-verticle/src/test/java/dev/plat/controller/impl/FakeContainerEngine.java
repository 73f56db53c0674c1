package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A container engine in memory: containers are specs with a running flag; every call is logged in order. */
final class FakeContainerEngine implements ContainerEngine {
  final Map<String, Fake> containers = new LinkedHashMap<>();
  final List<String> ops = new ArrayList<>();
  final Map<String, List<String>> logs = new HashMap<>();
  final List<String> removedImages = new ArrayList<>();
  private Handler<Event> handler;
  private int next;
  boolean failRuns;
  /** What {@link #resolveImage} answers: reference to its digest; an absent one fails as a refused pull. */
  final Map<String, String> digests = new java.util.HashMap<>();
  /** Called with the container id when a pause arrives, before it takes effect. */
  Consumer<String> beforePause = id -> { };
  /** A stop takes effect and answers once this completes (a runtime draining its requests); done at once by default. */
  java.util.function.Supplier<Future<Void>> draining = Future::succeededFuture;
  /** Called with the container id when a stop or removal arrives, before it takes effect. */
  Consumer<String> beforeStop = id -> { };

  static final class Fake {
    final String id;
    final String name;
    final Map<String, String> labels;
    final ContainerSpec spec;
    boolean running = true;
    boolean paused;
    int exitCode;

    Fake(String id, String name, Map<String, String> labels, ContainerSpec spec) {
      this.id = id;
      this.name = name;
      this.labels = labels;
      this.spec = spec;
    }
  }

  @Override
  public Future<String> resolveImage(String reference) {
    String digest = digests.get(reference);
    return digest != null ? Future.succeededFuture(digest)
      : Future.failedFuture("Head http://registry/v2/x/manifests/y: no basic auth credentials");
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public Future<String> run(ContainerSpec spec) {
    if (failRuns) {
      ops.add("run-failed " + spec.name());
      return Future.failedFuture("no such image");
    }
    String id = "c" + (++next);
    containers.put(id, new Fake(id, spec.name(), spec.labels(), spec));
    ops.add("run " + id);
    return Future.succeededFuture(id);
  }

  /** The sealed env each container was run with ({@link #run(ContainerSpec, io.vertx.core.json.JsonObject)}), by id. */
  final Map<String, io.vertx.core.json.JsonObject> sealedEnv = new HashMap<>();

  @Override
  public Future<String> run(ContainerSpec spec, io.vertx.core.json.JsonObject sealed) {
    return run(spec).onSuccess(id -> sealedEnv.put(id, sealed == null ? new io.vertx.core.json.JsonObject() : sealed));
  }

  /** Adds a container as if an earlier controller had started it. */
  Fake existing(Map<String, String> labels, boolean running) {
    String id = "old" + (++next);
    Fake fake = new Fake(id, "plat-old-" + id, labels, null);
    fake.running = running;
    containers.put(id, fake);
    return fake;
  }

  @Override
  public Future<Void> stop(String containerId, int timeoutSeconds) {
    ops.add("stop " + containerId);
    beforeStop.accept(containerId);
    return draining.get().map(v -> {
      Fake fake = containers.get(containerId);
      if (fake != null && fake.running) {
        fake.running = false;
        fake.paused = false;
        if (handler != null) {
          handler.handle(new Event("die", containerId, with(fake.labels, "exitCode", "0")));
        }
      }
      return null;
    });
  }

  @Override
  public Future<Void> pause(String containerId) {
    ops.add("pause " + containerId);
    beforePause.accept(containerId);
    Fake fake = containers.get(containerId);
    if (fake == null || !fake.running) {
      return Future.failedFuture("container " + containerId + " is not running");
    }
    fake.paused = true;
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unpause(String containerId) {
    ops.add("unpause " + containerId);
    Fake fake = containers.get(containerId);
    if (fake == null) {
      return Future.failedFuture("no such container " + containerId);
    }
    fake.paused = false;
    return Future.succeededFuture();
  }

  /** As dockerd does: a running container removed with force is killed first (137), then destroyed. */
  @Override
  public Future<Void> remove(String containerId) {
    ops.add("remove " + containerId);
    beforeStop.accept(containerId);
    Fake fake = containers.remove(containerId);
    if (fake != null && handler != null) {
      if (fake.running) {
        fake.running = false;
        fake.exitCode = 137;
        handler.handle(new Event("die", containerId, with(fake.labels, "exitCode", "137")));
      }
      handler.handle(new Event("destroy", containerId, fake.labels));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Exit> exit(String containerId) {
    Fake fake = containers.get(containerId);
    return fake == null ? Future.failedFuture("no such container " + containerId)
      : Future.succeededFuture(new Exit(fake.running, fake.exitCode, false, ""));
  }

  @Override
  public Future<List<Container>> list(String node) {
    return Future.succeededFuture(containers.values().stream()
      .filter(f -> node.equals(f.labels.get("plat.node")))
      .map(f -> new Container(f.id, f.name, f.labels, f.running, f.paused)).toList());
  }

  @Override
  public Future<List<String>> logTail(String containerId, int lines) {
    List<String> all = logs.getOrDefault(containerId, List.of());
    return Future.succeededFuture(all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public Future<Subscription> events(String node, Handler<Event> handler) {
    this.handler = handler;
    return Future.succeededFuture(() -> Future.succeededFuture());
  }

  /** The container dies (as {@code docker kill} would make it). */
  void die(String containerId, int exitCode) {
    Fake fake = containers.get(containerId);
    fake.running = false;
    fake.exitCode = exitCode;
    handler.handle(new Event("die", containerId, with(fake.labels, "exitCode", Integer.toString(exitCode))));
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> copy = new HashMap<>(labels);
    copy.put(key, value);
    return copy;
  }

  @Override
  public Future<Void> removeImage(String image) {
    removedImages.add(image);
    return Future.succeededFuture();
  }

  List<Fake> running() {
    return containers.values().stream().filter(f -> f.running).toList();
  }
}
