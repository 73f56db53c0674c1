package dev.plat.controller;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.impl.DockerPoolBackend;
import dev.plat.docker.DockerClient;
import dev.plat.docker.ResourceLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * What the pool of pre-started runtime containers needs besides the {@link ContainerEngine}: the
 * generic runtime images, the functions' code exported from their images, the per-container code
 * folders, the assignment file and the shim's {@code POST /_/specialize}. Every call is
 * asynchronous; the Docker + file system implementation never blocks an event loop.
 */
public interface PoolBackend {
  /**
   * The file in a pool container's code folder that records which function it serves. The code
   * folder is mounted read-only, so the container cannot change what the controller reads back
   * after a restart (its socket folder is writable: nothing there is trusted).
   */
  String ASSIGNMENT_FILE = "function.json";
  /** Where a pool container sees its code folder (read-only). */
  String CODE_MOUNT = "/plat/code";

  /**
   * The backend over dockerd and the local file system.
   *
   * @param dataDir     code is exported under {@code <dataDir>/code/<name>/<version>/}
   * @param runtimesDir the runtime folders the generic images are built from
   * @param registry    {@code host:port} the generic images are tagged for
   * @param runtimes    the runtimes with a pool and where their images keep dependencies ({@link PoolRuntimes#read})
   */
  static PoolBackend docker(Vertx vertx, DockerClient docker, Path dataDir, Path runtimesDir, String registry,
                            PoolRuntimes runtimes) {
    return new DockerPoolBackend(vertx, docker, dataDir, runtimesDir, registry, runtimes);
  }

  /** The runtimes whose {@code runtime.json} says {@code "pool": true}: the pool keeps containers of these only. */
  PoolRuntimes runtimes();

  /**
   * Builds (or finds cached) the generic image of {@code runtime}: its folder, no user code.
   *
   * @return a reference to that very image (its id: the tag is shared with other nodes on the same engine and moves)
   */
  Future<String> runtimeImage(String runtime);

  /** Whether the code of {@code spec}'s version is exported and ready to be staged. */
  boolean exported(FunctionSpec spec);

  /**
   * Exports {@code /function} and the installed dependencies from {@code spec}'s image into
   * {@code <dataDir>/code/<name>/<version>/} (atomically: a temporary folder renamed); older
   * versions of the function are removed. Concurrent calls share one export.
   */
  Future<Void> export(FunctionSpec spec);

  /**
   * Reads the code of {@code spec}'s version from image {@code imageId} (in this node's dockerd)
   * ahead of its registration, while the image is pushed: a later {@link #export} of the version
   * uses it only when the registered image is that same image id, else exports as usual. At most
   * one such early copy is kept per function; a second call for the same image shares the first.
   * With {@code context} (the image's build context on this node's disk, or null) the code is
   * read from its {@code function/} folder, which a pooled runtime's image holds at
   * {@code /function} (runtimes/README.md), when the installed dependencies are the last export's;
   * else, or when the context is gone, from the image. Never fails the deploy: a failure only
   * means no head start.
   */
  Future<Void> exportEarly(FunctionSpec spec, String imageId, java.nio.file.Path context);

  /** Removes every exported version of function {@code name}. */
  Future<Void> forget(String name);

  /** Creates an empty code folder (bind-mounted read-only at {@link #CODE_MOUNT}). */
  Future<Void> createCodeFolder(String folder);

  /** Lays {@code spec}'s exported code ({@code function/}, {@code deps/}) into {@code folder} (hard links, else copies). */
  Future<Void> stage(FunctionSpec spec, String folder);

  /**
   * Lays the early copy of {@code spec}'s version read from {@code imageId} ({@link #exportEarly})
   * into {@code folder}, as {@link #stage} does; fails when there is no such copy (any more).
   */
  Future<Void> stageEarly(FunctionSpec spec, String imageId, String folder);

  /** Writes {@code assignment} to {@code <codeFolder>/}{@link #ASSIGNMENT_FILE}, atomically. */
  Future<Void> writeAssignment(String codeFolder, JsonObject assignment);

  /** The assignment in {@code codeFolder}; {@code null} when there is none (an unassigned pool container). */
  Future<JsonObject> readAssignment(String codeFolder);

  /**
   * Asks the shim listening on {@code socket} to load its function; fails unless it answers 200,
   * or when the process behind the socket is not in container {@code containerId}.
   */
  Future<Void> specialize(String socket, String containerId);

  /** Changes a running container's memory, CPU and pids limits. */
  Future<Void> update(String containerId, ResourceLimits limits);

  /** Renames a container (a specialized pool container takes its instance's usual name). */
  Future<Void> rename(String containerId, String name);
}
