package dev.plat.builder.impl;

import dev.plat.builder.BuilderOptions;
import dev.plat.cluster.Names;
import dev.plat.docker.BuildFailedException;
import dev.plat.docker.BuildOptions;
import dev.plat.docker.DockerUnreachableException;
import dev.plat.docker.PushFailedException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one build: writes the context, builds the image tagged {@code <registry>/plat/<name>:<version>}
 * with the Plat labels, pushes it and records the digest. A failed build (or one that takes longer
 * than the timeout) registers nothing and leaves no image tagged by it, nor a dangling image with
 * the function's label; a tag of the same version left by an interrupted build is removed first. The context and the upload
 * are deleted in every case. Every step is reported to the {@link BuildRegistry}.
 */
public final class BuildRunner {
  /** The Dockerfile argument naming the base image; set from the runtime's {@code baseImage}. */
  static final String BASE_IMAGE_ARG = "BASE_IMAGE";
  /** How long the context is kept for this node's controller to read at most. */
  static final long CONTEXT_READ_MS = 10_000;

  private final Vertx vertx;
  private final ImageBuilder images;
  private final BuildRegistry registry;
  private final BuilderOptions options;

  public BuildRunner(Vertx vertx, ImageBuilder images, BuildRegistry registry, BuilderOptions options) {
    this.vertx = vertx;
    this.images = images;
    this.registry = registry;
    this.options = new BuilderOptions(options);
  }

  /** The repository a function's images are pushed to: {@code <registry>/plat/<name>}. */
  public static String repository(String registry, String function) {
    return registry + "/plat/" + function;
  }

  /** Runs {@code job} to its end; the future completes (never fails) once the outcome is recorded and files are deleted. */
  public Future<Void> run(BuildJob job) {
    Attempt attempt = new Attempt(job);
    Promise<String> outcome = Promise.promise();
    long timer = vertx.setTimer(options.getTimeoutSeconds() * 1000L, t -> outcome.tryFail(
      new BuildError("build_timeout", "the build took longer than " + options.getTimeoutSeconds() + " s")));
    attempt.outcome = outcome.future();
    attempt.start().onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        outcome.tryComplete(ar.result());
      } else {
        outcome.tryFail(ar.cause());
      }
    });
    return outcome.future().transform(ar -> finish(attempt, ar));
  }

  private Future<Void> finish(Attempt attempt, AsyncResult<String> ar) {
    BuildJob job = attempt.job;
    Future<Void> removed = Future.succeededFuture();
    if (ar.succeeded()) {
      registry.succeed(job.buildId(), attempt.image, attempt.imageId, ar.result());
    } else {
      BuildError error = BuildError.of(ar.cause());
      registry.log(job.buildId(), "plat: build failed: " + error.getMessage());
      registry.fail(job.buildId(), error.code, error.getMessage());
      removed = attempt.removeImage().compose(v -> images.removeLeftovers(job.function(), attempt.image));
    }
    Path context = attempt.context;
    Future<Void> deleted = attempt.contextRead.transform(ignored -> vertx.executeBlocking(() -> {
      Files.deleteIfExists(context);
      Files.deleteIfExists(job.upload());
      return null;
    }, false));
    return Future.join(removed, deleted).transform(ignored -> Future.succeededFuture());
  }

  /** One run of a job; keeps what must be undone if it fails or is abandoned. */
  private final class Attempt {
    final BuildJob job;
    final Path context;
    final String repository;
    final String image;
    volatile String imageId;
    Future<String> outcome;
    /** Completes once this node's controller no longer reads the context ({@link #announceContext}). */
    Future<Void> contextRead = Future.succeededFuture();

    Attempt(BuildJob job) {
      this.job = job;
      this.context = options.getWorkDir().resolve(job.buildId() + ".tar");
      this.repository = repository(options.getRegistry(), job.function());
      this.image = repository + ":" + job.version();
    }

    Future<String> start() {
      registry.moveTo(job.buildId(), BuildState.BUILDING);
      long began = System.nanoTime();
      return vertx.executeBlocking(() -> {
        ContextWriter.write(job.runtime(), job.upload(), job.manifest(), labels(), context);
        return Files.size(context);
      }, false).compose(size -> {
        log("plat: build context ready: runtime " + job.runtime().name() + ", " + job.manifest().entries().size()
          + " entries, " + size + " bytes, in " + millisSince(began) + " ms");
        return abandoned() ? Future.failedFuture(abandonedError())
          : images.removeLeftovers(job.function(), image).compose(v -> images.build(context, buildOptions(), this::log));
      }).compose(id -> {
        imageId = id;
        if (abandoned()) {
          return removeImage().transform(ignored -> Future.failedFuture(abandonedError()));
        }
        log("plat: image " + image + " built in " + millisSince(began) + " ms");
        announceContext(id);
        registry.pushing(job.buildId(), id);
        long pushing = System.nanoTime();
        return images.push(repository, job.version(), this::log).map(digest -> {
          log("plat: pushed " + repository + "@" + digest + " in " + millisSince(pushing) + " ms");
          return digest;
        });
      });
    }

    /**
     * Tells this node's controller where the context is while the image is pushed: a pooled
     * runtime's image holds the context's {@code function/} at {@code /function}, so the pool can
     * read a new version's code from it without a container. Local only: the path means nothing
     * elsewhere, and is no client's business. The context is deleted once the controller answers
     * (at once when none listens here; at most {@link #CONTEXT_READ_MS} later).
     */
    void announceContext(String imageId) {
      contextRead = vertx.eventBus().request(Names.Address.BUILD_CONTEXTS, new JsonObject().put("buildId", job.buildId())
          .put("function", job.function()).put("version", job.version()).put("imageId", imageId)
          .put("context", context.toString()), new DeliveryOptions().setLocalOnly(true).setSendTimeout(CONTEXT_READ_MS))
        .<Void>mapEmpty().otherwiseEmpty();
    }

    BuildOptions buildOptions() {
      BuildOptions.Builder build = BuildOptions.builder();
      if (job.runtime().baseImage() != null) {
        build.buildArg(BASE_IMAGE_ARG, job.runtime().baseImage());
      }
      return build.tag(image).networkMode(options.getBuildNetwork()).build();
    }

    /**
     * The image labels; the context's Dockerfile sets them in one step before the code (see
     * {@link ContextWriter}). None changes from one version to the next, so that step comes from the
     * build cache on a redeploy: the version is the image's tag (and its containers' label).
     */
    Map<String, String> labels() {
      Map<String, String> labels = new LinkedHashMap<>(options.getExtraLabels());
      labels.put(Names.Label.FUNCTION, job.function());
      return labels;
    }

    Future<Void> removeImage() {
      return imageId == null ? Future.succeededFuture() : images.remove(image).otherwiseEmpty();
    }

    boolean abandoned() {
      return outcome.isComplete();
    }

    BuildError abandonedError() {
      return new BuildError("build_timeout", "the build was abandoned after its timeout");
    }

    void log(String line) {
      registry.log(job.buildId(), line);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** A build failure with a stable code, as recorded and published. */
  static final class BuildError extends RuntimeException {
    final String code;

    BuildError(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    static BuildError of(Throwable err) {
      if (err instanceof BuildError e) {
        return e;
      }
      if (err instanceof BuildFailedException e) {
        return new BuildError("build_failed", "the image build failed: " + e.error());
      }
      if (err instanceof PushFailedException e) {
        return new BuildError("push_failed", "the push to the registry failed: " + e.getMessage());
      }
      if (err instanceof DockerUnreachableException e) {
        return new BuildError("docker_unreachable", "dockerd is unreachable: " + e.getMessage());
      }
      if (err instanceof IOException e) {
        return new BuildError("context_failed", "the build context could not be written: " + e.getMessage());
      }
      String message = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
      return new BuildError("build_failed", message);
    }
  }
}
