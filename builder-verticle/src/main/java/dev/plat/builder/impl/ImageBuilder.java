package dev.plat.builder.impl;

import dev.plat.docker.BuildOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.nio.file.Path;

/** The image operations a build needs; {@link DockerImageBuilder} is the real one. */
public interface ImageBuilder {

  /**
   * Builds an image from the tar {@code context}, streamed from disk.
   *
   * @param output receives each line of build output as it comes
   * @return the image id; fails with the daemon's error
   */
  Future<String> build(Path context, BuildOptions options, Handler<String> output);

  /**
   * Pushes {@code repository:tag}.
   *
   * @param output receives each status line of the push
   * @return the manifest digest {@code sha256:...}
   */
  Future<String> push(String repository, String tag, Handler<String> output);

  /** Removes the tag {@code reference} (and the image with its last tag); succeeds when it is already gone. */
  Future<Void> remove(String reference);

  /**
   * Removes what earlier builds of {@code function} left: the tag {@code reference} (the same
   * version built by a build that was interrupted or failed without knowing its image) and every
   * dangling (untagged, unused) image labelled with the function's name. Never fails.
   */
  Future<Void> removeLeftovers(String function, String reference);
}
