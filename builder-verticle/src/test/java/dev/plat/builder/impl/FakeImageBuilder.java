package dev.plat.builder.impl;

import dev.plat.docker.BuildFailedException;
import dev.plat.docker.BuildOptions;
import dev.plat.docker.PushFailedException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link ImageBuilder} that records calls and answers as told. */
final class FakeImageBuilder implements ImageBuilder {
  final List<BuildOptions> builds = new CopyOnWriteArrayList<>();
  final List<String> pushes = new CopyOnWriteArrayList<>();
  final List<String> removed = new CopyOnWriteArrayList<>();
  /** {@code removeLeftovers} calls: {@code function reference}. */
  final List<String> leftovers = new CopyOnWriteArrayList<>();
  final List<Long> contextSizes = new CopyOnWriteArrayList<>();
  final List<String> dockerfiles = new CopyOnWriteArrayList<>();
  volatile String buildError;
  volatile String pushError;
  volatile boolean hangBuild;

  @Override
  public Future<String> build(Path context, BuildOptions options, Handler<String> output) {
    builds.add(options);
    try {
      contextSizes.add(Files.size(context));
      dockerfiles.add(dockerfile(context));
    } catch (java.io.IOException e) {
      return Future.failedFuture(e);
    }
    output.handle("Step 1/2 : FROM base");
    if (hangBuild) {
      return Promise.<String>promise().future();
    }
    if (buildError != null) {
      output.handle("ERROR: No matching distribution found for nothing-here");
      return Future.failedFuture(new BuildFailedException(buildError, List.of("tail")));
    }
    output.handle("Successfully built abc");
    return Future.succeededFuture("sha256:abc");
  }

  private static String dockerfile(Path context) throws java.io.IOException {
    try (var file = Files.newInputStream(context);
         var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(file)) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.getName().equals("Dockerfile")) {
          return new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  @Override
  public Future<String> push(String repository, String tag, Handler<String> output) {
    pushes.add(repository + ":" + tag);
    output.handle(tag + ": Pushed");
    return pushError == null ? Future.succeededFuture("sha256:d1g35t") : Future.failedFuture(new PushFailedException(pushError));
  }

  @Override
  public Future<Void> remove(String reference) {
    removed.add(reference);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> removeLeftovers(String function, String reference) {
    leftovers.add(function + " " + reference);
    return Future.succeededFuture();
  }
}
