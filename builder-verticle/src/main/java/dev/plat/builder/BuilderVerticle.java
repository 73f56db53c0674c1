package dev.plat.builder;

import dev.plat.builder.impl.ActionRouter;
import dev.plat.builder.impl.BuildQueue;
import dev.plat.builder.impl.BuildRegistry;
import dev.plat.builder.impl.BuildRunner;
import dev.plat.builder.impl.DockerImageBuilder;
import dev.plat.builder.impl.GetBuildAction;
import dev.plat.builder.impl.RegistryProbe;
import dev.plat.builder.impl.RuntimeCatalog;
import dev.plat.builder.impl.StartBuildAction;
import dev.plat.builder.impl.ZipValidator;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.api.Actions;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The builder role: a validated zip to a pushed image. Answers {@link Actions.Builder} requests on
 * {@link Names.Address#BUILDER}, publishes progress on {@link Names.Address#BUILD_EVENTS} and reports
 * its health (dockerd and the registry). Wires; the logic lives in {@code impl}.
 */
public class BuilderVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(BuilderVerticle.class.getName());

  private final BuilderOptions options;
  private final String nodeId;
  private final DockerClient docker;
  private RegistryProbe registryProbe;

  public BuilderVerticle(PlatConfig config, DockerClient docker) {
    this(BuilderOptions.from(config), config.nodeId(), docker);
  }

  public BuilderVerticle(BuilderOptions options, String nodeId, DockerClient docker) {
    this.options = new BuilderOptions(options);
    this.nodeId = nodeId;
    this.docker = docker;
  }

  @Override
  public Future<?> start() {
    // 1. what builds are made of: runtimes, limits, the queue, the image operations
    RuntimeCatalog runtimes = new RuntimeCatalog(options.getRuntimesDir());
    ZipValidator validator = new ZipValidator(options.getMaxZipEntries(), options.getMaxUnzippedBytes(),
      options.getMaxZipRatio());
    BuildRegistry registry = new BuildRegistry(event -> vertx.eventBus().publish(Names.Address.BUILD_EVENTS, event),
      options.getLogLines(), options.getKeepBuilds(), Clock.systemUTC());
    BuildRunner runner = new BuildRunner(vertx, new DockerImageBuilder(vertx, docker), registry, options);
    BuildQueue queue = new BuildQueue(options.getConcurrency(), options.getQueue());
    // 2. the actions
    StartBuildAction startBuild = new StartBuildAction(vertx, runtimes, validator, registry, queue, runner,
      options.getRegistry());
    GetBuildAction getBuild = new GetBuildAction(registry);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Names.Address.BUILDER, new ActionRouter(Map.of(
      Actions.Builder.BUILD, startBuild::handle,
      Actions.Builder.GET, getBuild::handle)));
    // 3. health
    registryProbe = new RegistryProbe(vertx, options.getRegistry());
    RoleHealth.register(vertx, nodeId, Role.BUILDER.id(), this::health);
    return Future.join(consumer.completion(), vertx.executeBlocking(() -> prepare(runtimes), false));
  }

  /** Removes contexts left by a previous run and logs the runtimes found. */
  private Void prepare(RuntimeCatalog runtimes) throws IOException {
    Path work = options.getWorkDir();
    Files.createDirectories(work);
    try (Stream<Path> stale = Files.list(work)) {
      for (Path file : stale.filter(p -> p.getFileName().toString().endsWith(".tar")).toList()) {
        Files.deleteIfExists(file);
      }
    }
    List<String> names = runtimes.names();
    if (names.isEmpty()) {
      LOG.warning(() -> "builder: no runtime found in " + options.getRuntimesDir() + " (set runtimesDir); every build will fail");
    } else {
      LOG.info(() -> "builder: runtimes " + names + " from " + options.getRuntimesDir() + "; pushing to " + options.getRegistry());
    }
    return null;
  }

  private Future<JsonObject> health() {
    Future<Void> dockerUp = docker.ping();
    Future<Void> registryUp = registryProbe.check();
    return Future.join(dockerUp, registryUp).transform(ignored -> {
      JsonObject health = new JsonObject().put("state", RoleHealth.UP);
      if (dockerUp.failed() || registryUp.failed()) {
        StringBuilder error = new StringBuilder();
        if (dockerUp.failed()) {
          error.append("dockerd: ").append(dockerUp.cause().getMessage());
        }
        if (registryUp.failed()) {
          error.append(error.length() > 0 ? "; " : "").append("registry: ").append(registryUp.cause().getMessage());
        }
        health.put("state", RoleHealth.DEGRADED).put("error", error.toString());
      }
      return Future.succeededFuture(health);
    });
  }

  @Override
  public Future<?> stop() {
    return registryProbe == null ? Future.succeededFuture() : registryProbe.close();
  }
}
