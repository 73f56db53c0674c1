package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.PoolBackend;
import dev.plat.controller.PoolRuntimes;
import dev.plat.docker.BuildOptions;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.ResourceLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link PoolBackend} over the Docker Engine API and the local file system (blocking work in {@code executeBlocking}). */
public final class DockerPoolBackend implements PoolBackend {
  private static final long SPECIALIZE_TIMEOUT_MS = 30_000;

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
      : extractFromImage(spec, target)).compose(v -> vertx.<Void>executeBlocking(() -> {
        CodeFiles.deleteSiblings(target);
        return null;
      }));
  }

  private Future<Void> extractFromImage(FunctionSpec spec, Path target) {
    String deps = runtimes.depsPath(spec.runtime());
    ContainerSpec container = ContainerSpec.builder(spec.image())
      .name("plat-export-" + spec.name() + "-" + spec.version() + "-" + InstanceSpecs.newInstanceId())
      .label(Names.Label.FUNCTION, "").label(Names.Label.VERSION, "")  // not one of the function's containers
      .networkMode(InstanceSpecs.NO_NETWORK).cmd("true").build();
    return vertx.executeBlocking(() -> Files.createTempDirectory(codeRoot.getParent(), "export-"))
      .compose(tmp -> docker.createContainer(container).compose(id -> download(id, "/function", tmp.resolve("function.tar"))
          .compose(v -> deps == null ? Future.<Void>succeededFuture()
            : download(id, deps, tmp.resolve("deps.tar")).recover(err -> err instanceof DockerNotFoundException
              ? Future.succeededFuture() : Future.failedFuture(err)))
          .andThen(ar -> docker.removeContainer(id, true)))
        .compose(v -> vertx.<Void>executeBlocking(() -> {
          CodeFiles.extract(tmp.resolve("function.tar"), tmp.resolve("out"));
          CodeFiles.extract(tmp.resolve("deps.tar"), tmp.resolve("out").resolve("deps"));
          Files.createDirectories(target.getParent());
          Files.move(tmp.resolve("out"), target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          return null;
        }))
        .andThen(ar -> vertx.fileSystem().deleteRecursive(tmp.toString())));
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
