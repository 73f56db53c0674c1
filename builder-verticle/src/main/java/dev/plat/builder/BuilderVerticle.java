package dev.plat.builder;

import dev.plat.builder.impl.ActionRouter;
import dev.plat.builder.impl.BuildMirror;
import dev.plat.builder.impl.BuildQueue;
import dev.plat.builder.impl.BuildRegistry;
import dev.plat.builder.impl.BuildRunner;
import dev.plat.builder.impl.DockerImageBuilder;
import dev.plat.builder.impl.GetBuildAction;
import dev.plat.builder.impl.RegistryProbe;
import dev.plat.builder.impl.RuntimeCatalog;
import dev.plat.builder.impl.StartBuildAction;
import dev.plat.builder.impl.UploadFetcher;
import dev.plat.builder.impl.ZipValidator;
import dev.plat.cluster.BuildStore;
import dev.plat.cluster.ClusterSecret;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.api.Actions;
import dev.plat.docker.DockerClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
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
 * {@link Names.Address#BUILDER} (and on {@link Names.Address#BUILDER_NODE_PREFIX}{@code <node>} for
 * the builds it runs), publishes progress on {@link Names.Address#BUILD_EVENTS}, writes its builds'
 * records to the cluster's {@link BuildStore}, fetches zips received on other nodes from their
 * gateway with the cluster secret, and reports its health (dockerd and the registry). Wires; the
 * logic lives in {@code impl}.
 */
public class BuilderVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(BuilderVerticle.class.getName());

  private final BuilderOptions options;
  private final String nodeId;
  private final DockerClient docker;
  private final BuildStore store;
  private final ClusterSecret secret;
  private java.util.function.Function<String, Future<io.vertx.core.json.JsonObject>> logins =
    host -> Future.succeededFuture();
  private RegistryProbe registryProbe;
  private HttpClient uploadClient;

  /**
   * @param store  the cluster's build records
   */
  public BuilderVerticle(PlatConfig config, DockerClient docker, BuildStore store) {
    this(BuilderOptions.from(config), config.nodeId(), docker, store, ClusterSecret.of(config));
  }

  /** A builder whose records stay in this JVM, fetching nothing from other nodes (tests). */
  public BuilderVerticle(BuilderOptions options, String nodeId, DockerClient docker) {
    this(options, nodeId, docker, BuildStore.inMemory(), null);
  }

  /**
   * @param store  the cluster's build records
   * @param secret the cluster secret sent to other nodes' gateways for uploads ({@code null}: none)
   */
  public BuilderVerticle(BuilderOptions options, String nodeId, DockerClient docker, BuildStore store,
      ClusterSecret secret) {
    this.options = new BuilderOptions(options);
    this.nodeId = nodeId;
    this.docker = docker;
    this.store = store;
    this.secret = secret;
  }

  /**
   * Where a push finds the credentials of the registry it pushes to ({@code plat registry login}
   * of that host); without it pushes carry none. Call before deploying the verticle.
   *
   * @param logins a registry host to {@code {"username","password","serveraddress"}}, {@code null} for none
   */
  public BuilderVerticle withRegistryLogins(java.util.function.Function<String, Future<io.vertx.core.json.JsonObject>> logins) {
    this.logins = logins;
    return this;
  }

  @Override
  public Future<?> start() {
    // 1. what builds are made of: runtimes, limits, the queue, the image operations
    RuntimeCatalog runtimes = new RuntimeCatalog(options.getRuntimesDir());
    ZipValidator validator = new ZipValidator(options.getMaxZipEntries(), options.getMaxUnzippedBytes(),
      options.getMaxZipRatio());
    BuildMirror mirror = new BuildMirror(event -> vertx.eventBus().publish(Names.Address.BUILD_EVENTS, event),
      store, nodeId);
    BuildRegistry registry = new BuildRegistry(mirror, options.getLogLines(), options.getKeepBuilds(), Clock.systemUTC());
    mirror.attach(registry);
    BuildRunner runner = new BuildRunner(vertx, new DockerImageBuilder(vertx, docker, logins), registry, options);
    BuildQueue queue = new BuildQueue(options.getConcurrency(), options.getQueue());
    // 2. zips received by a gateway on another node: streamed over its HTTP port into the work folder
    uploadClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    UploadFetcher fetcher = new UploadFetcher(vertx, uploadClient, secret, options.getWorkDir(), options.getMaxUploadBytes());
    // 3. the actions
    StartBuildAction startBuild = new StartBuildAction(vertx, runtimes, validator, registry, queue, runner,
      options.getRegistry(), fetcher, mirror);
    GetBuildAction getBuild = new GetBuildAction(registry, store, nodeId, vertx.eventBus());
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Names.Address.BUILDER, new ActionRouter(Map.of(
      Actions.Builder.BUILD, startBuild::handle,
      Actions.Builder.GET, getBuild::handle)));
    MessageConsumer<JsonObject> own = vertx.eventBus().consumer(Names.Address.BUILDER_NODE_PREFIX + nodeId,
      new ActionRouter(Map.of(Actions.Builder.GET, getBuild::handleLocal)));
    // 4. health
    registryProbe = new RegistryProbe(vertx, options.getRegistry());
    RoleHealth.register(vertx, nodeId, Role.BUILDER.id(), this::health);
    return Future.join(consumer.completion(), own.completion(), vertx.executeBlocking(() -> prepare(runtimes), false));
  }

  /** Removes contexts and fetched zips left by a previous run and logs the runtimes found. */
  private Void prepare(RuntimeCatalog runtimes) throws IOException {
    Path work = options.getWorkDir();
    Files.createDirectories(work);
    try (Stream<Path> stale = Files.list(work)) {
      for (Path file : stale.filter(p -> p.getFileName().toString().endsWith(".tar")
          || p.getFileName().toString().endsWith(".zip")).toList()) {
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
    Future<Void> client = uploadClient == null ? Future.succeededFuture() : uploadClient.close();
    return Future.join(client, registryProbe == null ? Future.succeededFuture() : registryProbe.close());
  }
}
