package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.List;
import java.util.function.Function;

/**
 * An engine that makes a container's image present (pulled from the registry by digest when this
 * node lacks it: it may have been built on another node) before it runs the container; every other
 * operation is the wrapped engine's.
 */
final class PullingEngine implements ContainerEngine {
  private final ContainerEngine engine;
  private final Function<String, Future<Void>> ensureImage;

  public PullingEngine(ContainerEngine engine, Function<String, Future<Void>> ensureImage) {
    this.engine = engine;
    this.ensureImage = ensureImage;
  }

  @Override
  public Future<String> run(ContainerSpec spec) {
    return ensureImage.apply(spec.image()).compose(v -> engine.run(spec));
  }

  @Override
  public Future<Void> ping() {
    return engine.ping();
  }

  @Override
  public Future<Void> stop(String containerId, int timeoutSeconds) {
    return engine.stop(containerId, timeoutSeconds);
  }

  @Override
  public Future<Void> pause(String containerId) {
    return engine.pause(containerId);
  }

  @Override
  public Future<Void> unpause(String containerId) {
    return engine.unpause(containerId);
  }

  @Override
  public Future<Void> remove(String containerId) {
    return engine.remove(containerId);
  }

  @Override
  public Future<List<Container>> list(String node) {
    return engine.list(node);
  }

  @Override
  public Future<List<String>> logTail(String containerId, int lines) {
    return engine.logTail(containerId, lines);
  }

  @Override
  public Future<Exit> exit(String containerId) {
    return engine.exit(containerId);
  }

  @Override
  public Future<Subscription> events(String node, Handler<Event> handler) {
    return engine.events(node, handler);
  }

  @Override
  public Future<Void> removeImage(String image) {
    return engine.removeImage(image);
  }

  @Override
  public Future<Void> close() {
    return engine.close();
  }
}
