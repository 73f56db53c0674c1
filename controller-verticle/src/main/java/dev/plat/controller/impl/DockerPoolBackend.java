package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.PoolBackend;
import dev.plat.controller.PoolRuntimes;
import dev.plat.docker.BuildOptions;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.ImageInfo;
import dev.plat.docker.ResourceLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PoolBackend} over the Docker Engine API and the local file system (blocking work in {@code executeBlocking}). */
public final class DockerPoolBackend implements PoolBackend {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(DockerPoolBackend.class.getName());
  private static final long SPECIALIZE_TIMEOUT_MS = 30_000;
  /** The build context's folder that a pooled runtime's image holds at {@code /function} (named so in both copies). */
  private static final String CONTEXT_CODE = "function/";

  private final Vertx vertx;
  private final DockerClient docker;
  private final Path codeRoot;
  private final Path runtimesDir;
  private final String registry;
  private final PoolRuntimes runtimes;
  private final InstanceSocketClient shim;
  private final Map<String, Future<String>> images = new ConcurrentHashMap<>();
  private final Map<String, Future<Void>> exports = new ConcurrentHashMap<>();
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  /** Per function: the copy of a version read from its image before registration (at most one). */
  private final Map<String, Early> early = new ConcurrentHashMap<>();
  /** Per function: where its last export's dependencies are, and the image layers they come from. */
  private final Map<String, Deps> lastDeps = new ConcurrentHashMap<>();

  /** A version's code read from {@code imageId} before it was registered: {@code copy} completes with its folder. */
  private record Early(long version, String imageId, Future<Copy> copy) {
  }

  /** A copy read ahead: {@code <folder>/out} holds it; read from the build context, or else the image. */
  private record Copy(Path folder, boolean fromContext) {
  }

  /** The dependencies of an export: {@code folder} ({@code present}: the image had them) for images with {@code layers} under the code. */
  private record Deps(String layers, Path folder, boolean present) {
  }

  public DockerPoolBackend(Vertx vertx, DockerClient docker, Path dataDir, Path runtimesDir, String registry,
                           PoolRuntimes runtimes) {
    this.vertx = vertx;
    this.docker = docker;
    this.codeRoot = dataDir.toAbsolutePath().resolve("code");
    this.runtimesDir = runtimesDir;
    this.registry = registry;
    this.runtimes = runtimes;
    this.shim = new InstanceSocketClient(vertx, 2_000);
  }

  @Override
  public PoolRuntimes runtimes() {
    return runtimes;
  }

  @Override
  public Future<String> runtimeImage(String runtime) {
    return images.computeIfAbsent(runtime, r -> buildImage(r).onFailure(err -> images.remove(r)));
  }

  /**
   * Builds the image tagged {@code <registry>/plat/pool-<runtime>:latest} and answers its id, not the
   * tag: every node on the same Docker engine builds that tag from its own runtime files (another Plat
   * version has another shim), so the tag may name another node's image by the time a pool
   * container is made.
   */
  private Future<String> buildImage(String runtime) {
    String tag = registry + "/plat/pool-" + runtime + ":latest";
    Path folder = runtimesDir.resolve(runtime);
    return vertx.executeBlocking(() -> CodeFiles.runtimeContext(folder))
      .compose(context -> vertx.fileSystem().open(context.tarFile().toString(), new OpenOptions().setRead(true))
        .compose(file -> {
          BuildOptions.Builder options = BuildOptions.builder().tag(tag).label(Names.Label.POOL, runtime);
          if (context.baseImage() != null) {
            options.buildArg("BASE_IMAGE", context.baseImage());
          }
          return docker.buildImage(file, options.build(), null).andThen(ar -> {
            file.close();
            vertx.fileSystem().delete(context.tarFile().toString());
          });
        }))
      .map(result -> result.imageId());
  }

  @Override
  public boolean exported(FunctionSpec spec) {
    return done.contains(key(spec));
  }

  @Override
  public Future<Void> export(FunctionSpec spec) {
    String key = key(spec);
    return exports.computeIfAbsent(key, k -> exportOnce(spec)
      .onSuccess(v -> done.add(k))
      .onComplete(ar -> exports.remove(k)));
  }

  private Future<Void> exportOnce(FunctionSpec spec) {
    Path target = codeRoot.resolve(spec.name()).resolve(Long.toString(spec.version()));
    return vertx.fileSystem().exists(target.toString()).compose(exists -> exists ? Future.succeededFuture()
      : docker.inspectImage(spec.image()).compose(info -> {
        String layers = layersUnderCode(info);
        return copyFor(spec, info.id(), layers).compose(tmp -> install(spec.name(), tmp, target, layers));
      })).compose(v -> vertx.<Void>executeBlocking(() -> {
        CodeFiles.deleteSiblings(target);
        return null;
      }));
  }

  /** The early copy of {@code spec}'s version when it was read from {@code imageId}; else a copy read now. */
  private Future<Path> copyFor(FunctionSpec spec, String imageId, String layers) {
    Early e = early.get(spec.name());
    if (e != null && e.version() == spec.version() && e.imageId().equals(imageId) && early.remove(spec.name(), e)) {
      return e.copy().onSuccess(copy -> LOG.info(() -> "pool: the code of " + spec.name() + " v" + spec.version()
        + " was read while its image was pushed" + (copy.fromContext() ? " (from its build context)" : "")))
        .map(Copy::folder).recover(err -> read(spec, imageId, layers));
    }
    if (e != null && e.version() <= spec.version() && early.remove(spec.name(), e)) {
      discard(e); // another build's image for this version (it failed), or an older version's
    }
    return read(spec, imageId, layers);
  }

  @Override
  public Future<Void> exportEarly(FunctionSpec spec, String imageId, Path context) {
    Early same = early.get(spec.name());
    if (same != null && same.version() == spec.version() && same.imageId().equals(imageId)) {
      return same.copy().mapEmpty();
    }
    Future<Copy> copy = docker.inspectImage(imageId).compose(info -> {
      String layers = layersUnderCode(info);
      Future<Copy> fromImage = context == null ? read(spec, info.id(), layers).map(tmp -> new Copy(tmp, false)) : null;
      return fromImage != null ? fromImage : readContext(spec, context, layers).map(tmp -> new Copy(tmp, true))
        .recover(err -> read(spec, info.id(), layers).map(tmp -> new Copy(tmp, false)));
    });
    Early previous = early.put(spec.name(), new Early(spec.version(), imageId, copy));
    if (previous != null) {
      discard(previous);
    }
    return copy.mapEmpty();
  }

  @Override
  public Future<Void> stageEarly(FunctionSpec spec, String imageId, String folder) {
    Early e = early.get(spec.name());
    if (e == null || e.version() != spec.version() || !e.imageId().equals(imageId)) {
      return Future.failedFuture("no early copy of " + spec.name() + " v" + spec.version() + " from " + imageId);
    }
    return e.copy().compose(copy -> vertx.<Void>executeBlocking(() -> {
      CodeFiles.link(copy.folder().resolve("out"), Path.of(folder));
      return null;
    }));
  }

  private void discard(Early e) {
    e.copy().onSuccess(copy -> vertx.fileSystem().deleteRecursive(copy.folder().toString()));
  }

  /**
   * The image's layers under its last one, which holds the code: a pooled runtime's Dockerfile
   * copies the code last (runtimes/README.md). Two images of a function with the same layers
   * there have the same installed dependencies. {@code null} when it has fewer than two layers.
   */
  static String layersUnderCode(ImageInfo info) {
    JsonObject rootFs = info.raw() == null ? null : info.raw().getJsonObject("RootFS");
    io.vertx.core.json.JsonArray layers = rootFs == null ? null : rootFs.getJsonArray("Layers");
    if (layers == null || layers.size() < 2) {
      return null;
    }
    return String.join(",", layers.getList().subList(0, layers.size() - 1).stream().map(String::valueOf).toList());
  }

  /** Moves the copy in {@code tmp} to {@code target} and records where its dependencies are. */
  private Future<Void> install(String function, Path tmp, Path target, String layers) {
    return vertx.<Void>executeBlocking(() -> {
      Files.createDirectories(target.getParent());
      Files.move(tmp.resolve("out"), target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      if (layers != null) {
        lastDeps.put(function, new Deps(layers, target.resolve("deps"), Files.isDirectory(target.resolve("deps"))));
      }
      return null;
    }).andThen(ar -> vertx.fileSystem().deleteRecursive(tmp.toString()));
  }

  /**
   * Reads {@code /function} and the installed dependencies of {@code spec}'s runtime from
   * {@code image} into {@code <tmp>/out}; @return {@code tmp}, a new folder the caller deletes.
   * The dependencies are hard links to the last export's when the image's layers under the code
   * are that export's (a code-only change): one read from the image instead of two.
   */
  private Future<Path> read(FunctionSpec spec, String image, String layers) {
    String deps = runtimes.depsPath(spec.runtime());
    Deps prior = deps == null || layers == null ? null : lastDeps.get(spec.name());
    Deps same = prior != null && prior.layers().equals(layers) ? prior : null;
    ContainerSpec container = ContainerSpec.builder(image)
      .name("plat-export-" + spec.name() + "-" + spec.version() + "-" + InstanceSpecs.newInstanceId())
      .label(Names.Label.FUNCTION, "").label(Names.Label.VERSION, "")  // not one of the function's containers
      .networkMode(InstanceSpecs.NO_NETWORK).cmd("true").build();
    return vertx.executeBlocking(() -> Files.createTempDirectory(codeRoot.getParent(), "export-"))
      .compose(tmp -> docker.createContainer(container).compose(id -> download(id, "/function", tmp.resolve("function.tar"))
          .compose(v -> same == null ? Future.succeededFuture(false) : vertx.executeBlocking(() -> reuse(same, tmp)))
          .compose(reused -> deps == null || reused ? Future.<Void>succeededFuture()
            : download(id, deps, tmp.resolve("deps.tar")).recover(err -> err instanceof DockerNotFoundException
              ? Future.succeededFuture() : Future.failedFuture(err)))
          .andThen(ar -> docker.removeContainer(id, true)))
        .compose(v -> vertx.<Path>executeBlocking(() -> {
          CodeFiles.extract(tmp.resolve("function.tar"), tmp.resolve("out"));
          CodeFiles.extract(tmp.resolve("deps.tar"), tmp.resolve("out").resolve("deps"));
          Files.createDirectories(tmp.resolve("out"));
          return tmp;
        }))
        .recover(err -> vertx.fileSystem().deleteRecursive(tmp.toString()).transform(ignored -> Future.failedFuture(err))));
  }

  /**
   * Reads the code of {@code spec} from the {@code function/} folder of its build context (the
   * image's {@code /function}, runtimes/README.md) and hard-links the dependencies of the last
   * export, which must have the same layers under the code; fails (the caller then reads the
   * image) when they differ, are gone, or the context is.
   */
  private Future<Path> readContext(FunctionSpec spec, Path context, String layers) {
    String deps = runtimes.depsPath(spec.runtime());
    Deps prior = deps == null || layers == null ? null : lastDeps.get(spec.name());
    if (deps != null && (prior == null || !prior.layers().equals(layers))) {
      return Future.failedFuture("the installed dependencies are new: they are read from the image");
    }
    return vertx.executeBlocking(() -> {
      Path tmp = Files.createTempDirectory(codeRoot.getParent(), "export-");
      try {
        CodeFiles.extract(context, CONTEXT_CODE, tmp.resolve("out"));
        if (prior != null && !reuse(prior, tmp)) {
          throw new IOException("the dependencies of the last export are gone");
        }
        Files.createDirectories(tmp.resolve("out"));
        return tmp;
      } catch (IOException | RuntimeException e) {
        CodeFiles.deleteTree(tmp);
        throw e;
      }
    }, false);
  }

  /** Hard-links the dependencies of {@code same} into {@code <tmp>/out/deps}; false (nothing left there) when they are gone. */
  private static boolean reuse(Deps same, Path tmp) {
    Path out = tmp.resolve("out").resolve("deps");
    if (!same.present()) {
      return true;
    }
    try {
      CodeFiles.link(same.folder(), out);
      return true;
    } catch (IOException e) {
      try {
        CodeFiles.deleteTree(out);
      } catch (IOException ignored) {
        // the extraction into it then fails and so does the export
      }
      return false;
    }
  }

  private Future<Void> download(String containerId, String path, Path file) {
    return docker.archive(containerId, path).compose(tar -> vertx.fileSystem()
      .open(file.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
      .compose(out -> pipe(tar, out)));
  }

  private static Future<Void> pipe(ReadStream<Buffer> in, AsyncFile out) {
    return in.pipeTo(out);
  }

  @Override
  public Future<Void> forget(String name) {
    done.removeIf(k -> k.startsWith(name + "@"));
    lastDeps.remove(name);
    Early e = early.remove(name);
    if (e != null) {
      discard(e);
    }
    String folder = codeRoot.resolve(name).toString();
    return vertx.fileSystem().exists(folder)
      .compose(exists -> exists ? vertx.fileSystem().deleteRecursive(folder) : Future.succeededFuture());
  }

  @Override
  public Future<Void> createCodeFolder(String folder) {
    return vertx.fileSystem().mkdirs(folder).compose(v -> vertx.fileSystem().chmod(folder, "rwxr-xr-x"));
  }

  @Override
  public Future<Void> stage(FunctionSpec spec, String folder) {
    Path source = codeRoot.resolve(spec.name()).resolve(Long.toString(spec.version()));
    return vertx.<Void>executeBlocking(() -> {
      CodeFiles.link(source, Path.of(folder));
      return null;
    });
  }

  @Override
  public Future<Void> writeAssignment(String codeFolder, JsonObject assignment) {
    String tmp = codeFolder + "/." + ASSIGNMENT_FILE + ".tmp";
    String file = codeFolder + "/" + ASSIGNMENT_FILE;
    return vertx.fileSystem().writeFile(tmp, assignment.toBuffer())
      .compose(v -> vertx.fileSystem().chmod(tmp, "rw-r--r--"))
      .compose(v -> vertx.fileSystem().move(tmp, file, new CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
  }

  @Override
  public Future<JsonObject> readAssignment(String codeFolder) {
    String file = codeFolder + "/" + ASSIGNMENT_FILE;
    return vertx.fileSystem().exists(file).compose(exists -> exists
      ? vertx.fileSystem().readFile(file).map(JsonObject::new) : Future.succeededFuture(null));
  }

  @Override
  public Future<Void> specialize(String socket, String containerId) {
    return shim.call(socket, containerId, "POST", "/_/specialize", SPECIALIZE_TIMEOUT_MS).compose(answer ->
      answer.status() == 200 ? Future.<Void>succeededFuture()
        : Future.failedFuture("specialize answered " + answer.status() + ": " + answer.body()));
  }

  @Override
  public Future<Void> update(String containerId, ResourceLimits limits) {
    return docker.updateContainer(containerId, limits);
  }

  @Override
  public Future<Void> rename(String containerId, String name) {
    return docker.renameContainer(containerId, name);
  }

  private static String key(FunctionSpec spec) {
    return spec.name() + "@" + spec.version();
  }
}
