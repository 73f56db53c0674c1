package dev.plat.controller;

import dev.plat.controller.impl.ControllerParts;
import dev.plat.docker.ContainerSpec;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The container operations the controller needs, over the Docker Engine API in production and a
 * fake in unit tests. Every call is asynchronous; removal calls succeed when the object is already gone.
 */
public interface ContainerEngine {

  /** The engine over {@code docker}. */
  static ContainerEngine docker(DockerClient docker) {
    return ControllerParts.dockerEngine(docker);
  }

  /**
   * The engine over {@code docker} that pauses as {@code mode} says: {@link PauseMode#FREEZER}
   * through the container's cgroup freezer only, {@link PauseMode#AUTO} through it when dockerd
   * is local ({@code localDocker}, a unix socket) and the cgroup is writable, else through the
   * Engine API, as {@link PauseMode#DOCKER} always does.
   */
  static ContainerEngine docker(Vertx vertx, DockerClient docker, PauseMode mode, boolean localDocker) {
    return ControllerParts.dockerEngine(vertx, docker, mode, localDocker);
  }

  /** Succeeds when the engine answers. */
  Future<Void> ping();

  /** Creates and starts a container; @return its id. A container that fails to start is removed. */
  Future<String> run(ContainerSpec spec);

  /**
   * {@link #run(ContainerSpec)} with environment variables whose values are still sealed:
   * {@code sealedEnv} is {@code {VAR: {"secret","key","sealed"}}} (see {@code SecretCipher}); the
   * engine of the node that runs the container opens them, so no plain value travels. This default
   * opens none: it runs {@code spec} when {@code sealedEnv} is empty and fails otherwise.
   */
  default Future<String> run(ContainerSpec spec, io.vertx.core.json.JsonObject sealedEnv) {
    return sealedEnv == null || sealedEnv.isEmpty() ? run(spec)
      : Future.failedFuture("this node's engine cannot open secret environment variables");
  }

  /** Stops a container gracefully (signal, then kill after {@code timeoutSeconds}); succeeds when it is gone. */
  Future<Void> stop(String containerId, int timeoutSeconds);

  /** Freezes a running container's processes (cgroup freezer); succeeds when they are frozen. */
  Future<Void> pause(String containerId);

  /** Thaws a paused container; succeeds when it runs again (also when it was not paused). */
  Future<Void> unpause(String containerId);

  /** Removes a container, killing it first; succeeds when it is gone. */
  Future<Void> remove(String containerId);

  /** Every container (running or not) of this node: {@code plat.node=node} (function instances and pool containers). */
  Future<List<Container>> list(String node);

  /** The last {@code lines} lines the container wrote (stdout and stderr); empty when there are none. */
  Future<List<String>> logTail(String containerId, int lines);

  /**
   * How a container ended, from its inspected state (exit code, OOM kill, the daemon's error);
   * read before the container is removed, since a removal kills it (exit code 137). Fails when
   * the container is gone or the engine cannot tell.
   */
  default Future<Exit> exit(String containerId) {
    return Future.failedFuture("the exit state of " + containerId + " is not known here");
  }

  /**
   * Delivers {@code die}, {@code oom} and {@code destroy} of the containers of {@code node} (instances and pool),
   * in order, from the moment the returned future completes.
   */
  Future<Subscription> events(String node, Handler<Event> handler);

  /** Removes an image; succeeds when it is gone or still used by another container. */
  Future<Void> removeImage(String image);

  /**
   * Pulls {@code reference} ({@code name:tag} or {@code name@sha256:...}) with the credentials stored
   * for its registry, if any, and answers the registry digest it is at now ({@code sha256:...}): a
   * deploy of "your own image" pins it, so instances run by digest. Fails with the daemon's message
   * (never a credential) when it cannot be pulled.
   */
  default Future<String> resolveImage(String reference) {
    return Future.failedFuture("this engine cannot pull " + reference);
  }

  /**
   * Releases what the engine holds when the controller stops; the containers keep running. An
   * engine that froze containers behind Docker's back thaws them here, those whose pause is under
   * way included (it completes once they are thawed), and pauses nothing more. Never fails.
   */
  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /**
   * A container as listed.
   *
   * @param id      container id
   * @param name    name without a leading slash
   * @param labels  its labels
   * @param running whether its process runs (paused counts as running)
   * @param paused  whether it is paused (frozen)
   */
  record Container(String id, String name, Map<String, String> labels, boolean running, boolean paused) {
    public Container {
      labels = Map.copyOf(labels);
    }

    /** A container that is not paused. */
    public Container(String id, String name, Map<String, String> labels, boolean running) {
      this(id, name, labels, running, false);
    }

    public String label(String key) {
      return labels.get(key);
    }
  }

  /**
   * Something that happened to a container.
   *
   * @param action      {@code die}, {@code oom} or {@code destroy}
   * @param containerId the container
   * @param labels      its labels (and the daemon's attributes, e.g. {@code exitCode})
   */
  record Event(String action, String containerId, Map<String, String> labels) {
    public Event {
      labels = Map.copyOf(labels);
    }

    public String label(String key) {
      return labels.get(key);
    }
  }

  /**
   * A container's state as inspected.
   *
   * @param running   whether its process still runs (then the other fields say nothing)
   * @param exitCode  the exit code of its main process
   * @param oomKilled whether the kernel killed it for lack of memory
   * @param error     the daemon's error starting it, empty when none
   */
  record Exit(boolean running, int exitCode, boolean oomKilled, String error) {
    public Exit {
      error = error == null ? "" : error;
    }
  }

  /** A live event subscription. */
  interface Subscription {
    Future<Void> close();
  }
}
