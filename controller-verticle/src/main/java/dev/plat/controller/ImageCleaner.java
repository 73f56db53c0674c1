package dev.plat.controller;

import dev.plat.controller.impl.ControllerParts;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Removes what a function's builds left: its images in the node's dockerd and its manifests in
 * the registry ({@code <registry>/plat/<name>}). Every call is asynchronous and never fails: what
 * cannot be removed is logged.
 */
public interface ImageCleaner {

  /**
   * Over {@code docker} and the registry at {@code registry} ({@code host:port}, plain HTTP; its
   * configuration needs {@code storage.delete.enabled: true}, as {@code scripts/ensure-registry.sh} writes it).
   */
  static ImageCleaner docker(Vertx vertx, DockerClient docker, String registry) {
    return ControllerParts.imageCleaner(vertx, docker, registry);
  }

  /** One that removes nothing (tests, no dockerd). */
  static ImageCleaner none() {
    return new ImageCleaner() {
      @Override
      public Future<Void> removeFunction(String function) {
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> removeImage(String function, String image) {
        return Future.succeededFuture();
      }
    };
  }

  /** Every image of {@code function} (all versions, tagged or not, by its repository and its label) and every tag of it in the registry. */
  Future<Void> removeFunction(String function);

  /** One image of {@code function}, {@code image} ({@code repository:tag}), from dockerd and its manifest from the registry. */
  Future<Void> removeImage(String function, String image);

  /**
   * Whether {@code image} ({@code repository:tag}) of {@code function} can still be run: false only
   * when the registry says its manifest is gone; true when it is there or cannot be asked (the
   * instance's own pull then tells). This default knows no registry: true.
   */
  default Future<Boolean> exists(String function, String image) {
    return Future.succeededFuture(true);
  }
}
