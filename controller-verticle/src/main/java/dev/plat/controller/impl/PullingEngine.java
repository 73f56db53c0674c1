package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * An engine that makes a container's image present (pulled from the registry by digest when this
 * node lacks it: it may have been built on another node) before it runs the container; every other
 * operation is the wrapped engine's.
 */
final class PullingEngine extends ForwardingEngine {
  private final Function<String, Future<Void>> ensureImage;

  PullingEngine(ContainerEngine engine, Function<String, Future<Void>> ensureImage) {
    super(engine);
    this.ensureImage = ensureImage;
  }

  @Override
  public Future<String> run(ContainerSpec spec) {
    return ensureImage.apply(spec.image()).compose(v -> engine.run(spec));
  }
}
