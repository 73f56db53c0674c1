package dev.plat.controller.impl;

import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.NodeDirectory;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.ImageReference;
import dev.plat.controller.BuilderClient;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.DeployJournal;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.ImageCleaner;
import dev.plat.controller.PauseMode;
import dev.plat.controller.PoolBackend;
import dev.plat.controller.RegistryStore;
import dev.plat.controller.Scheduler;
import dev.plat.controller.SecretStore;
import dev.plat.controller.SocketDirs;
import dev.plat.cluster.Names;
import dev.plat.docker.DockerClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Closeable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The public door of {@code impl}: what {@code ControllerVerticle} builds the controller from.
 * An instance holds this node's parts as the leader reaches them (its engine, socket folders,
 * probe and proxy, and the other nodes through their agents) and builds a {@link ControllerCore}
 * each time this node leads ({@link #leader}); the static methods start this node's agent, its
 * registry mirror and its metrics. Everything else in {@code impl} is package-private.
 */
public final class ControllerParts {
  private static final Path PROC = Path.of("/proc");
  private final Hosts hosts;
  private final RouteTable routes;
  private final Scheduler scheduler;
  private final ControllerOptions options;
  private final PlatConfig config;
  private final Consumer<JsonObject> status;

  private ControllerParts(Hosts hosts, RouteTable routes, Scheduler scheduler, ControllerOptions options,
                          PlatConfig config, Consumer<JsonObject> status) {
    this.hosts = hosts;
    this.routes = routes;
    this.scheduler = scheduler;
    this.options = options;
    this.config = config;
    this.status = status;
  }

  /**
   * This node's parts.
   *
   * @param engine         this node's engine (one that pulls an image it lacks: {@link #pulling})
   * @param nodes          the cluster's nodes, each other one reached through its agent; {@code null}: alone
   * @param agentTimeoutMs how long an operation on another node's agent may take
   * @param routes         the routing table, its futures on the controller's context
   */
  public static ControllerParts of(Vertx vertx, PlatConfig config, ControllerOptions options, ContainerEngine engine,
                                   SocketDirs dirs, HealthProbe probe, NodeDirectory nodes, long agentTimeoutMs,
                                   RouteTable routes, Scheduler scheduler) {
    Host local = new Host(config.nodeId(), engine, dirs, probe, config.clusterHost() + ":" + config.proxyPort());
    Hosts hosts = nodes == null ? Hosts.single(local)
      : Hosts.cluster(local, nodes, info -> new RemoteHost(vertx, info, agentTimeoutMs).host());
    return new ControllerParts(hosts, routes, scheduler, options, config,
      event -> vertx.eventBus().publish(Names.Address.STATUS, event));
  }

  /**
   * A leading controller's core.
   *
   * @param pool        the pool's Docker and file work; {@code null}: no pool
   * @param images      removes a deleted function's images and a rejected build's image
   * @param journal     the deploys acknowledged and waiting for their build, shared with the next leader
   * @param buildRecord a build's record, {@code null} when unknown (see {@link ControllerCore#resumeDeploys})
   * @param secrets     where the secrets are kept
   */
  public ControllerCore leader(RegistryStore store, BuilderClient builder, PoolBackend pool, ImageCleaner images,
                               DeployJournal journal, Function<String, Future<JsonObject>> buildRecord,
                               SecretStore secrets) {
    return new ControllerCore(hosts, routes, scheduler, new StatusPublisher(status, scheduler::now), options, store,
      builder, new StatusView(config.httpHost(), config.httpPort(), config.baseDomain()), pool, images, journal,
      buildRecord, secrets);
  }

  /** See {@link SecretStore#file}. */
  public static SecretStore secretFileStore(Vertx vertx, Path folder) {
    return new FileSecretStore(vertx, folder);
  }

  /** See {@link SecretStore#hazelcast}. */
  public static SecretStore secretHazelcastStore(Vertx vertx, HazelcastInstance hz, Path dataDir, LongSupplier fencingToken) {
    return new HazelcastSecretStore(vertx, hz, dataDir, fencingToken);
  }

  /** The engine over {@code docker}; see {@link ContainerEngine#docker(DockerClient)}. */
  public static ContainerEngine dockerEngine(DockerClient docker) {
    return new DockerContainerEngine(docker);
  }

  /** The engine over {@code docker} that pauses as {@code mode} says; see {@link ContainerEngine#docker(Vertx, DockerClient, PauseMode, boolean)}. */
  public static ContainerEngine dockerEngine(Vertx vertx, DockerClient docker, PauseMode mode, boolean localDocker) {
    ContainerEngine api = new DockerContainerEngine(docker);
    if (mode == PauseMode.DOCKER || (mode == PauseMode.AUTO && !localDocker)) {
      return api;
    }
    return new FreezerContainerEngine(vertx, api, id -> docker.inspectContainer(id).map(info -> info.state().pid()),
      new CgroupFreezer(PROC), mode == PauseMode.FREEZER);
  }

  /** See {@link HealthProbe#unixSocket}. */
  public static HealthProbe unixSocketProbe(Vertx vertx, long intervalMs) {
    return new UnixSocketHealthProbe(vertx, intervalMs);
  }

  /** See {@link SocketDirs#under}. */
  public static SocketDirs socketDirs(Vertx vertx, Path dataDir, java.util.function.Supplier<dev.plat.cluster.SecretCipher> cipher) {
    Path sockets = dataDir.resolve("sockets");
    return new FileSocketDirs(vertx, sockets, SecretsRoot.of(dataDir, sockets), cipher);
  }

  /** See {@link SocketDirs#under(Vertx, PlatConfig, java.util.function.Supplier)}. */
  public static Future<SocketDirs> socketDirs(Vertx vertx, PlatConfig config,
                                              java.util.function.Supplier<dev.plat.cluster.SecretCipher> cipher) {
    Path sockets = config.dataDir().resolve("sockets");
    dev.plat.cluster.ConfigKey key = dev.plat.cluster.ConfigKey.SECRETS_TMPFS_DIR;
    return vertx.executeBlocking(() -> new FileSocketDirs(vertx, sockets,
      SecretsRoot.of(config.dataDir(), sockets, config.getPath(key), config.source(key)), cipher), false);
  }

  /**
   * When the controller stops: the secrets folders of the instances without a container on
   * {@code node} go, and the secrets root when it is left empty ({@link SocketDirs#releaseSecrets});
   * when {@code engine} cannot list them, every folder stays. Never fails.
   */
  public static Future<Void> releaseSecrets(ContainerEngine engine, SocketDirs dirs, String node) {
    return engine.list(node).transform(listed -> {
      if (listed.failed()) {
        java.util.logging.Logger.getLogger(ControllerParts.class.getName()).warning(() -> "secrets: the containers of "
          + node + " could not be listed (" + listed.cause().getMessage() + "); every instance's secrets folder stays");
        return dirs.releaseSecrets(id -> true);
      }
      java.util.Set<String> present = new java.util.HashSet<>();
      listed.result().forEach(c -> present.add(c.label(Names.Label.INSTANCE)));
      return dirs.releaseSecrets(present::contains);
    });
  }

  /** See {@link RegistryStore#file}. */
  public static RegistryStore fileStore(Vertx vertx, Path folder) {
    return new FileRegistryStore(vertx, folder);
  }

  /** See {@link RegistryStore#hazelcast}. */
  public static RegistryStore hazelcastStore(Vertx vertx, HazelcastInstance hz, Path dataDir, LongSupplier fencingToken) {
    return new HazelcastRegistryStore(vertx, hz, dataDir, fencingToken);
  }

  /** See {@link RegistryStore#publishing}. */
  public static RegistryStore publishingStore(RegistryStore store, FunctionDirectory directory, String baseDomain) {
    return new DirectoryPublishingStore(store, directory, baseDomain);
  }

  /** See {@link ImageCleaner#docker}. */
  public static ImageCleaner imageCleaner(Vertx vertx, DockerClient docker, String registry) {
    return new RegistryImageCleaner(vertx, docker, registry);
  }

  /** See {@link dev.plat.controller.LeaderTerms#next}. */
  public static Future<Long> nextTerm(Vertx vertx, HazelcastInstance hz) {
    return HazelcastRegistryStore.nextTerm(vertx, hz);
  }

  /** See {@link dev.plat.controller.LeaderTerms#current}. */
  public static Future<Long> currentTerm(Vertx vertx, HazelcastInstance hz) {
    return HazelcastRegistryStore.state(vertx, hz).map(state -> state == null ? 0L : state.term());
  }

  /**
   * Whether the processes of container {@code containerId} (main process {@code pid}) are frozen
   * through its cgroup freezer; false when it has none. Blocking (file reads): off the event loop.
   */
  public static boolean frozen(String containerId, long pid) throws IOException {
    CgroupFreezer freezer = new CgroupFreezer(PROC);
    Optional<FreezerPaths.Target> target = freezer.locate(containerId, pid);
    return target.isPresent() && freezer.frozen(target.get());
  }

  /**
   * Freezes container {@code containerId} (main process {@code pid}) through its cgroup freezer,
   * behind dockerd's back (as a controller killed with -9 leaves it). Blocking: off the event loop.
   */
  public static void freeze(String containerId, long pid) throws IOException {
    CgroupFreezer freezer = new CgroupFreezer(PROC);
    freezer.freeze(freezer.locate(containerId, pid)
      .orElseThrow(() -> new IOException("no writable freezer for " + containerId)));
  }

  /** How many nodes instances may be placed on now. */
  public int nodeCount() {
    return hosts.candidates().size();
  }

  /**
   * An engine that makes a container's image present on this node (pulled from the registry when
   * missing) before it runs the container; see {@link PullingEngine}.
   */
  public static ContainerEngine pulling(ContainerEngine engine, DockerClient docker, String node) {
    return pulling(engine, docker, node, host -> Future.succeededFuture());
  }

  /**
   * {@link #pulling(ContainerEngine, DockerClient, String)} that sends the credentials {@code logins}
   * gives for an image's registry host ({@code null}: none) as {@code X-Registry-Auth}.
   */
  public static ContainerEngine pulling(ContainerEngine engine, DockerClient docker, String node,
                                        Function<String, Future<JsonObject>> logins) {
    return new PullingEngine(engine, image -> docker.inspectImage(image).mapEmpty(),
      image -> logins.apply(registryOf(image)).recover(err -> {
        // unreadable credentials (the cluster's map not answering yet after a restart): pull without
        // any; a registry that needs them refuses, and that refusal is the error the caller sees
        java.util.logging.Logger.getLogger(ControllerParts.class.getName()).warning(() -> "pulling " + image
          + " without credentials: the stored ones could not be read (" + err.getMessage() + ")");
        return Future.succeededFuture(null);
      }).compose(auth -> docker.pullImage(image, auth, null)).mapEmpty(),
      image -> docker.inspectImage(image).compose(info -> RegistryLogins.digestOf(image, info.repoDigests())),
      node);
  }

  private static String registryOf(String image) {
    try {
      return ImageReference.parse(image).registry();
    } catch (IllegalArgumentException e) {
      return ImageReference.DOCKER_HUB;
    }
  }

  /**
   * The credentials stored for a registry host ({@code plat registry login}), opened on this node:
   * {@code {"username","password","serveraddress"}}, {@code null} when none is stored. Reads the
   * secrets entry of the cluster ({@code hz}) or, alone, the data folder's secrets file.
   */
  public static Function<String, Future<JsonObject>> registryLogins(Vertx vertx, PlatConfig config, HazelcastInstance hz) {
    SecretStore file = hz == null ? SecretStore.file(vertx, config.dataDir()) : null;
    return new RegistryLogins(hz == null ? file::load : () -> HazelcastSecretStore.read(vertx, hz),
      () -> vertx.executeBlocking(() -> dev.plat.cluster.SecretCipher.of(config), false))::auth;
  }

  /**
   * An engine that opens a function's secret environment variables with this node's key before it
   * runs the container ({@link SecretEnvEngine}); wrap the node's own engine with it.
   */
  public static ContainerEngine openingSecretEnv(ContainerEngine engine, Vertx vertx,
                                                 java.util.function.Supplier<dev.plat.cluster.SecretCipher> cipher) {
    return new SecretEnvEngine(engine, vertx, cipher);
  }

  /** Starts this node's agent ({@link NodeAgent}); completes with its consumer once it answers. */
  public static Future<MessageConsumer<JsonObject>> startAgent(Vertx vertx, String node, ContainerEngine engine,
                                                              SocketDirs dirs, HealthProbe probe) {
    return new NodeAgent(node, engine, dirs, probe).start(vertx);
  }

  /** Publishes one of this node's container events for the leader. */
  public static void publishEvent(Vertx vertx, String node, ContainerEngine.Event event) {
    NodeAgent.publish(vertx, node, event);
  }

  /** A container event as {@link #publishEvent} wrote it. */
  public static ContainerEngine.Event event(JsonObject json) {
    return NodeAgent.event(json);
  }

  /** Starts the disk copies of the cluster's registry and secrets ({@link RegistryMirror}); close it on stop. */
  public static Future<Closeable> mirror(Vertx vertx, HazelcastInstance hz, Path dataDir) {
    return RegistryMirror.start(vertx, hz, dataDir).compose(registry -> RegistryMirror.startSecrets(vertx, hz, dataDir)
      .<Closeable>map(secrets -> done -> Future.join(registry.close(), secrets.close()).<Void>mapEmpty().onComplete(done))
      .recover(err -> registry.close().transform(v -> Future.failedFuture(err))));
  }

  /**
   * {@code plat_instances{function,state}} in {@code registry} ({@code null}: none): the returned
   * consumer counts the instances of the leader it is given, none for {@code null}.
   */
  public static Consumer<ControllerCore> instanceMetrics(MeterRegistry registry) {
    InstanceMetrics metrics = new InstanceMetrics(registry);
    return core -> metrics.refresh(core == null ? List.of() : core.functions().all());
  }
}
