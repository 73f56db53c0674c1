package dev.plat.node;

import static dev.plat.docker.DockerTestSupport.await;
import static dev.plat.docker.DockerTestSupport.ignoreNotFound;

import dev.plat.cluster.Names;
import dev.plat.controller.impl.ControllerParts;
import dev.plat.docker.ContainerInfo;
import dev.plat.docker.ContainerSummary;
import dev.plat.docker.DockerClient;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.DockerNotFoundException;
import dev.plat.docker.DockerTestSupport;
import dev.plat.docker.ImageSummary;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What dockerd holds of a function, found by its Plat label {@code plat.function=NAME}: its
 * containers and images, and their removal after a test. Requires dockerd like every Docker test
 * ({@link DockerTestSupport#requireDocker}: fails with {@code PLAT_REQUIRE_DOCKER=1}, else skips).
 */
public final class FunctionDocker implements AutoCloseable {
  private final Vertx vertx;
  private final DockerClient docker;

  private FunctionDocker(Vertx vertx, DockerClient docker) {
    this.vertx = vertx;
    this.docker = docker;
  }

  public static FunctionDocker require() {
    Vertx vertx = Vertx.vertx();
    try {
      return new FunctionDocker(vertx, DockerTestSupport.requireDocker(vertx));
    } catch (RuntimeException | Error e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * Every container (running or not) of function {@code name}: labelled {@code plat.function=name},
   * or a pool container specialized for it (label {@code plat.pool}, renamed {@code plat-<name>-<instance>}).
   */
  List<ContainerSummary> containers(String name) {
    List<ContainerSummary> all = new java.util.ArrayList<>(
      await(docker.listContainers(true, DockerFilters.create().label(Names.Label.FUNCTION, name))));
    all.addAll(pooled(name));
    return List.copyOf(all);
  }

  /**
   * The pool containers specialized for function {@code name}, with the {@code plat.function} and
   * {@code plat.version} labels their assignment file (in their read-only code folder) gives them.
   */
  List<ContainerSummary> pooled(String name) {
    java.util.regex.Pattern assigned = java.util.regex.Pattern.compile("/?plat-" + java.util.regex.Pattern.quote(name)
      + "-[a-z0-9]{10}");
    return await(docker.listContainers(true, DockerFilters.create().label(Names.Label.POOL))).stream()
      .filter(c -> c.names().stream().anyMatch(n -> assigned.matcher(n).matches()))
      .map(this::withAssignment).toList();
  }

  private ContainerSummary withAssignment(ContainerSummary c) {
    java.util.Map<String, String> labels = new java.util.HashMap<>(c.labels());
    find(c.id()).ifPresent(info -> {
      io.vertx.core.json.JsonArray mounts = info.raw().getJsonArray("Mounts", new io.vertx.core.json.JsonArray());
      for (int i = 0; i < mounts.size(); i++) {
        io.vertx.core.json.JsonObject m = mounts.getJsonObject(i);
        java.nio.file.Path file = java.nio.file.Path.of(m.getString("Source", "/nonexistent"), "function.json");
        if (dev.plat.controller.PoolBackend.CODE_MOUNT.equals(m.getString("Destination")) && java.nio.file.Files.isRegularFile(file)) {
          try {
            io.vertx.core.json.JsonObject a = new io.vertx.core.json.JsonObject(java.nio.file.Files.readString(file));
            labels.put(Names.Label.FUNCTION, a.getString("function"));
            labels.put(Names.Label.VERSION, String.valueOf(a.getLong("version")));
          } catch (java.io.IOException | RuntimeException e) {
            System.err.println("no assignment readable for " + c.id() + ": " + e);
          }
        }
      }
    });
    return new ContainerSummary(c.id(), c.names(), c.image(), c.imageId(), c.command(), c.created(), c.state(),
      c.status(), labels);
  }

  /** Every pool container of node {@code nodeId} (unassigned or specialized). */
  List<ContainerSummary> pool(String nodeId) {
    return await(docker.listContainers(true, DockerFilters.create().label(Names.Label.POOL)
      .label(Names.Label.NODE, nodeId)));
  }

  /** Force-removes the pool containers of node {@code nodeId}. */
  void removePool(String nodeId) {
    removePool(nodeId, false);
  }

  /** Force-removes the pool containers of node {@code nodeId}; with {@code unassignedOnly}, those named {@code plat-pool-*}. */
  void removePool(String nodeId, boolean unassignedOnly) {
    for (ContainerSummary c : pool(nodeId)) {
      if (!unassignedOnly || c.names().stream().anyMatch(n -> n.startsWith("/plat-pool-"))) {
        await(ignoreNotFound(docker.removeContainer(c.id(), true)));
      }
    }
  }

  /** Tags {@code image} as {@code repository:tag} and pushes it with {@code auth} ({@code null}: none); its digest. */
  String tagAndPush(String image, String repository, String tag, io.vertx.core.json.JsonObject auth) {
    await(docker.tagImage(image, repository, tag));
    return await(docker.pushImage(repository, tag, auth, null)).digest();
  }

  /** Removes the tag {@code reference} from this dockerd; an absent one is fine. */
  void untag(String reference) {
    await(ignoreNotFound(docker.removeImage(reference, false)));
  }

  /** Every image labelled {@code plat.function=name}. */
  List<ImageSummary> images(String name) {
    return await(docker.listImages(DockerFilters.create().label(Names.Label.FUNCTION, name)));
  }

  /**
   * Creates and starts a container of {@code image} that only sleeps, with {@code labels} and
   * {@code plat.test=1}, on no network; its id.
   */
  String runLabelled(String image, java.util.Map<String, String> labels) {
    String id = await(docker.createContainer(dev.plat.docker.ContainerSpec.builder(image).cmd("sleep", "600")
      .labels(labels).label("plat.test", "1").networkMode("none").build()));
    await(docker.startContainer(id));
    return id;
  }

  /** Force-removes container {@code id}; an absent one is fine. */
  void removeContainer(String id) {
    await(ignoreNotFound(docker.removeContainer(id, true)));
  }

  public ContainerInfo inspect(String id) {
    return await(docker.inspectContainer(id));
  }

  /**
   * Whether the container is paused: by the Engine API (Docker says so) or through its cgroup
   * freezer (Docker lists it as running; pauseMode auto picks the freezer on this host).
   */
  boolean paused(String id) throws java.io.IOException {
    ContainerInfo info = inspect(id);
    if (info.state().paused()) {
      return true;
    }
    return ControllerParts.frozen(info.id(), info.state().pid());
  }

  /** The container, or empty when dockerd does not know it (any more). */
  Optional<ContainerInfo> find(String id) {
    try {
      return Optional.of(inspect(id));
    } catch (DockerNotFoundException gone) {
      return Optional.empty();
    }
  }

  /** Kills the container with SIGKILL, as a crash would. */
  void kill(String id) {
    await(docker.killContainer(id, "KILL"));
  }

  /** Force-removes the function's containers, then its images; absent ones are fine. */
  void remove(String name) {
    for (ContainerSummary c : containers(name)) {
      await(ignoreNotFound(docker.removeContainer(c.id(), true)));
    }
    for (ImageSummary image : images(name)) {
      await(ignoreNotFound(docker.removeImage(image.id(), true)));
    }
  }

  /** {@link #remove(String)} for each name, going on past failures (cleanup must not hide the test's result). */
  public void removeAll(Iterable<String> names) {
    for (String name : names) {
      try {
        remove(name);
      } catch (RuntimeException e) {
        System.err.println("cleanup of " + name + " failed: " + e);
      }
    }
  }

  @Override
  public void close() {
    docker.close();
    vertx.close();
  }
}
