package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.DockerNotFoundException;
import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * An engine that makes a container's image present (pulled from the registry by digest when this
 * node lacks it: it may have been built on another node) before it runs the container; every other
 * operation is the wrapped engine's. It remembers the images it found or pulled, so a start of an
 * image known present goes straight to the engine; an image is forgotten when an inspect says it
 * is absent, when this engine removes it, and when a run says it is not there (removed behind this
 * engine's back): that run makes it present again and runs once more.
 */
final class PullingEngine extends ForwardingEngine {
  private static final Logger LOG = Logger.getLogger(PullingEngine.class.getName());

  private final Function<String, Future<Void>> inspect;
  private final Function<String, Future<Void>> pull;
  private final Function<String, Future<String>> digest;
  private final String node;
  /** Images known present on this engine's dockerd; touched from the engine's and the docker client's threads. */
  private final Set<String> present = ConcurrentHashMap.newKeySet();

  /**
   * @param inspect succeeds when the image is on this node, fails when it is not
   * @param pull    pulls the image from the registry
   * @param node    this node's id, for the error when an image can be neither found nor pulled
   */
  PullingEngine(ContainerEngine engine, Function<String, Future<Void>> inspect, Function<String, Future<Void>> pull,
                String node) {
    this(engine, inspect, pull, image -> Future.failedFuture("no digest lookup for " + image), node);
  }

  /**
   * @param digest the registry digest of an image on this node ({@code sha256:...}), for {@link #resolveImage}
   */
  PullingEngine(ContainerEngine engine, Function<String, Future<Void>> inspect, Function<String, Future<Void>> pull,
                Function<String, Future<String>> digest, String node) {
    super(engine);
    this.inspect = inspect;
    this.pull = pull;
    this.digest = digest;
    this.node = node;
  }

  /** Pulls {@code reference} (always: a tag moves) and answers its digest; see {@link ContainerEngine#resolveImage}. */
  @Override
  public Future<String> resolveImage(String reference) {
    long started = System.nanoTime();
    return pull.apply(reference)
      .onSuccess(v -> LOG.info(() -> "controller: pulled " + reference + " in "
        + (System.nanoTime() - started) / 1_000_000 + " ms"))
      .compose(v -> digest.apply(reference));
  }

  @Override
  public Future<String> run(ContainerSpec spec) {
    String image = spec.image();
    if (!present.contains(image)) {
      return ensure(image).compose(v -> engine.run(spec));
    }
    return engine.run(spec).recover(err -> {
      if (!(err instanceof DockerNotFoundException)) {
        return Future.failedFuture(err);
      }
      present.remove(image);
      return ensure(image).compose(v -> engine.run(spec));
    });
  }

  @Override
  public Future<Void> removeImage(String image) {
    present.remove(image);
    return engine.removeImage(image);
  }

  /** Whether this engine takes {@code image} to be present (tests). */
  boolean knows(String image) {
    return present.contains(image);
  }

  private Future<Void> ensure(String image) {
    return inspect.apply(image).recover(missing -> {
      present.remove(image);
      long started = System.nanoTime();
      return pull.apply(image)
        .onSuccess(v -> LOG.info(() -> "controller: pulled " + image + " in "
          + (System.nanoTime() - started) / 1_000_000 + " ms"))
        .recover(err -> Future.failedFuture("image " + image + " is not on node " + node
          + " and could not be pulled: " + err.getMessage()));
    }).onSuccess(v -> present.add(image));
  }
}
