package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.List;

/**
 * A {@link ContainerEngine} that hands every operation to {@code engine}: a subclass overrides
 * only the operations it changes.
 */
abstract class ForwardingEngine implements ContainerEngine {
  protected final ContainerEngine engine;

  ForwardingEngine(ContainerEngine engine) {
    this.engine = engine;
  }

  @Override
  public Future<Void> ping() {
    return engine.ping();
  }

  @Override
  public Future<String> run(ContainerSpec spec) {
    return engine.run(spec);
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
  public Future<String> resolveImage(String reference) {
    return engine.resolveImage(reference);
  }

  @Override
  public Future<Void> close() {
    return engine.close();
  }
}
