package dev.plat.controller;

import dev.plat.cluster.BuildStore;
import dev.plat.cluster.ClusterBootstrap;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.Leadership;
import dev.plat.cluster.NodeDirectory;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.impl.ControllerCore;
import dev.plat.controller.impl.ControllerParts;
import dev.plat.controller.impl.OnContext;
import dev.plat.docker.DockerClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Closeable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The controller role: function registry, container lifecycle, reconciliation, routes, scaling.
 * Wires the collaborators into a {@link ControllerCore} and feeds it bus requests
 * ({@link Names.Address#CONTROLLER}), activation requests ({@link Names.Address#ACTIVATE}), proxy
 * statistics ({@link Names.Address#PROXY_STATS}), build events and container events. Stopping the verticle leaves the instances running
 * (thawing those it froze): the next controller on this node adopts them.
 */
public class ControllerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(ControllerVerticle.class.getName());
  private static final long RETRY_MS = 5_000;
  /** How often {@code plat_instances} is counted again. */
  private static final long METRICS_REFRESH_MS = 2_000;
  /** How often the functions' {@code metrics} are pushed on {@code plat.status} (when they changed). */
  private static final long METRICS_PUSH_MS = 2_000;

  /** How long an operation on another node's agent may take (a container create, a list). */
  private static final long AGENT_TIMEOUT_MS = 30_000;

  private final PlatConfig config;
  private final DockerClient docker;
  private final RouteTable routes;
  private final ControllerOptions options;
  private final FunctionDirectory directory;
  private final MeterRegistry registry;
  private final ClusterBootstrap cluster;
  private final NodeDirectory nodes;
  private Leadership leadership;
  private Closeable mirror;
  /** This leader's fencing token ({@link LeaderTerms}); 0 until it leads. */
  private final AtomicLong term = new AtomicLong();
  private Scheduler scheduler;
  private ControllerParts parts;
  private PoolRuntimes poolRuntimes = PoolRuntimes.NONE;
  private MessageConsumer<JsonObject> agentConsumer;
  private List<MessageConsumer<?>> leaderConsumers = List.of();
  /** Set once the API and activation consumers are registered: until then health is not up. */
  private volatile boolean serving;
  private HealthProbe probe;
  private ContainerEngine.Subscription events;
  private ContainerEngine engine;
  private SocketDirs dirs;
  /** The control plane's logic while this node leads; {@code null} otherwise. */
  private volatile ControllerCore core;
  /** The schedules' clock while this node leads; {@code null} otherwise. */
  private ScheduleLoop schedules;
  private long retryTimer = -1;
  private long eventsTimer = -1;
  private long metricsTimer = -1;
  private long metricsPushTimer = -1;
  private Consumer<ControllerCore> instanceMetrics;

  public ControllerVerticle(PlatConfig config, DockerClient docker, RouteTable routes) {
    this(config, docker, routes, FunctionDirectory.inMemory(), ControllerOptions.from(config));
  }

  public ControllerVerticle(PlatConfig config, DockerClient docker, RouteTable routes, ControllerOptions options) {
    this(config, docker, routes, FunctionDirectory.inMemory(), options);
  }

  /**
   * @param directory where the registry is mirrored for the gateways (public flags and hosts)
   */
  public ControllerVerticle(PlatConfig config, DockerClient docker, RouteTable routes, FunctionDirectory directory,
      ControllerOptions options) {
    this(config, docker, routes, directory, options, null);
  }

  /**
   * A controller alone: it leads at once and runs every instance on this node.
   *
   * @param directory where the registry is mirrored for the gateways (public flags and hosts)
   * @param registry  where {@code plat_instances{function,state}} goes, counted again every 2 s;
   *                  {@code null}: no metrics
   */
  public ControllerVerticle(PlatConfig config, DockerClient docker, RouteTable routes, FunctionDirectory directory,
      ControllerOptions options, MeterRegistry registry) {
    this(config, docker, routes, directory, options, registry, null, null);
  }

  /**
   * A controller in a cluster: it runs this node's agent always, and the control plane while it
   * leads ({@link Leadership}), placing instances on the live nodes of {@code nodes}.
   *
   * @param cluster the cluster this node is a member of; {@code null}: alone, as above
   * @param nodes   the nodes of the cluster; {@code null} when {@code cluster} is
   */
  public ControllerVerticle(PlatConfig config, DockerClient docker, RouteTable routes, FunctionDirectory directory,
      ControllerOptions options, MeterRegistry registry, ClusterBootstrap cluster, NodeDirectory nodes) {
    this.registry = registry;
    this.config = config;
    this.docker = docker;
    this.routes = routes;
    this.directory = directory;
    this.options = new ControllerOptions(options);
    this.cluster = cluster;
    this.nodes = nodes;
  }

  @Override
  public Future<?> start() {
    // 0. where the instances' folders go (a secretsTmpfsDir that is no memory folder stops the start)
    return SocketDirs.under(vertx, config, () -> dev.plat.cluster.SecretCipher.of(config)).compose(this::start);
  }

  private Future<?> start(SocketDirs dirs) {
    this.dirs = dirs;
    // 1. the boundaries, each answering on this verticle's context
    scheduler = Scheduler.of(vertx);
    probe = HealthProbe.unixSocket(vertx, options.getHealthIntervalMs());
    engine = OnContext.engine(ContainerEngine.docker(vertx, docker, options.getPauseMode(),
      config.dockerHost().startsWith("unix://")), context);
    HealthProbe localProbe = OnContext.probe(probe, context);
    ContainerEngine pulling = ControllerParts.openingSecretEnv(ControllerParts.pulling(engine, docker, config.nodeId(),
      ControllerParts.registryLogins(vertx, config, cluster == null ? null : cluster.hazelcast())), vertx,
      () -> dev.plat.cluster.SecretCipher.of(config));
    parts = ControllerParts.of(vertx, config, options, pulling, dirs, localProbe, cluster == null ? null : nodes,
      AGENT_TIMEOUT_MS, OnContext.routes(routes, context), scheduler);
    RoleHealth.register(vertx, config.nodeId(), Role.CONTROLLER.id(), this::health);
    if (registry != null) {
      instanceMetrics = ControllerParts.instanceMetrics(registry);
      metricsTimer = vertx.setPeriodic(METRICS_REFRESH_MS, id -> instanceMetrics.accept(core));
    }
    metricsPushTimer = vertx.setPeriodic(METRICS_PUSH_MS, id -> {
      if (core != null) {
        core.publishMetrics();
      }
    });
    // 2. which runtimes have a pool (their runtime.json; a bad one stops the start), this node's
    //    agent (every controller node runs the instances placed on it), its container events
    return readPoolRuntimes().compose(v -> ControllerParts.startAgent(vertx, config.nodeId(), pulling, dirs, localProbe))
      .compose(consumer -> {
      agentConsumer = consumer;
      return subscribeEvents();
    }).compose(v -> {
      // 3. the control plane: here at once when alone, else while this node leads
      if (cluster == null) {
        return takeOver();
      }
      leadership = Leadership.start(cluster);
      ControllerParts.mirror(vertx, cluster.hazelcast(), config.dataDir()).onSuccess(m -> mirror = m)
        .onFailure(err -> LOG.warning("controller: no disk copy of the cluster registry: " + err.getMessage()));
      cluster.onMemberLeft(member -> {
        if (core != null && member.nodeId() != null && !member.nodeId().equals(config.nodeId())) {
          core.onNodeLeft(member.nodeId());
        }
      });
      nodes.onAnnounce(node -> {
        if (core != null && !node.equals(config.nodeId())) {
          core.onNodeJoined(node).onFailure(err -> LOG.warning("controller: could not reconcile node "
            + node + ": " + err.getMessage()));
        }
      });
      leadership.onChange(leads -> {
        if (leads) {
          takeOver();
        } else {
          stepDown();
        }
      });
      return Future.succeededFuture();
    });
  }

  /**
   * Publishes this node's container events for the leader. When dockerd does not answer the
   * controller still starts (its health says degraded) and tries again every {@link #RETRY_MS}.
   */
  private Future<Void> subscribeEvents() {
    return engine.events(config.nodeId(), event -> ControllerParts.publishEvent(vertx, config.nodeId(), event))
      .<Void>map(sub -> {
        events = sub;
        return null;
      })
      .recover(err -> {
        LOG.warning("controller: no container events from dockerd (" + err + "); retrying in " + RETRY_MS / 1000 + " s");
        eventsTimer = vertx.setTimer(RETRY_MS, id -> subscribeEvents());
        return Future.succeededFuture();
      });
  }

  /**
   * This node leads: loads the registry, takes the build, statistics and container events, adopts
   * the instances every node runs, finishes the deploys the previous leader acknowledged, then
   * answers the API and activations.
   */
  private Future<Void> takeOver() {
    ControllerCore next = parts.leader(registryStore(), BuilderClient.eventBus(vertx, options.getBuilderRequestTimeoutMs()),
      poolBackend(), OnContext.images(ImageCleaner.docker(vertx, docker, config.registry()), context),
      cluster == null ? DeployJournal.inMemory() : DeployJournal.hazelcast(vertx, cluster.hazelcast()),
      this::buildRecord, secretStore());
    core = next;
    List<MessageConsumer<?>> mine = new ArrayList<>();
    leaderConsumers = mine;
    // build and container events before any deploy or reconciliation can start
    mine.add(vertx.eventBus().<JsonObject>consumer(Names.Address.BUILD_EVENTS, m -> next.onBuildEvent(m.body())));
    mine.add(vertx.eventBus().<JsonObject>localConsumer(Names.Address.BUILD_CONTEXTS,
      m -> next.onBuildContext(m.body()).onComplete(ar -> m.reply(null))));
    mine.add(vertx.eventBus().<JsonObject>consumer(Names.Address.PROXY_STATS, m -> next.onProxyStats(m.body())));
    mine.add(vertx.eventBus().<JsonObject>consumer(Names.Address.AGENT_EVENTS,
      m -> next.onEngineEvent(ControllerParts.event(m.body()))));
    Future<Void> termTaken = cluster == null ? Future.succeededFuture()
      : LeaderTerms.next(vertx, cluster.hazelcast()).map(t -> {
        term.set(t);
        LOG.info(() -> "controller: leading with term " + t);
        return null;
      });
    return Future.join(mine.stream().map(MessageConsumer::completion).toList())
      .compose(v -> termTaken)
      .compose(v -> next.load())
      // adopt first, then finish the previous leader's deploys: a build that ended meanwhile then
      // rolls out over the adopted instances, instead of starting containers the reconciliation
      // would list half-made, or removing the old version's before the new one serves
      .compose(v -> reconcile(next))
      .compose(v -> core == next ? next.resumeDeploys() : Future.succeededFuture())
      .compose(v -> {
        if (core != next) {
          return Future.succeededFuture();  // stepped down meanwhile
        }
        MessageConsumer<Object> api = vertx.eventBus().consumer(Names.Address.CONTROLLER, this::onRequest);
        MessageConsumer<Object> activate = vertx.eventBus().consumer(Names.Address.ACTIVATE, this::onActivate);
        // the schedules fire from the leader only; each tick goes to a gateway as an async invocation
        ScheduleLoop loop = new ScheduleLoop(scheduler, next::specs,
          ScheduleLoop.Ticks.eventBus(vertx, ScheduleLoop.TICK_TIMEOUT_MS));
        MessageConsumer<Object> view = vertx.eventBus().consumer(Names.Address.SCHEDULES, loop::onRequest);
        mine.add(api);
        mine.add(activate);
        mine.add(view);
        return Future.join(api.completion(), activate.completion(), view.completion()).<Void>mapEmpty()
          .onSuccess(ok -> {
            serving = core == next;
            if (core == next) {
              schedules = loop;
              loop.start();
            }
          });
      });
  }

  /** Adopts every node's containers; when no engine answers, tries again every {@link #RETRY_MS}. */
  private Future<Void> reconcile(ControllerCore leading) {
    return leading.reconcile()
      .onSuccess(v -> {
        leading.startScaling();
        LOG.info(() -> "controller: " + leading.functionCount() + " functions in the registry, "
          + parts.nodeCount() + " node(s) reconciled");
      })
      .recover(err -> {
        LOG.warning("controller: cannot reconcile with dockerd (" + err + "); retrying in " + RETRY_MS / 1000 + " s");
        retryTimer = vertx.setTimer(RETRY_MS, id -> {
          if (core == leading) {
            reconcile(leading);
          }
        });
        return Future.succeededFuture();
      });
  }

  /** This node no longer leads (a minority partition, or stopping): it stops deciding; instances keep running. */
  private Future<Void> stepDown() {
    serving = false;
    vertx.cancelTimer(retryTimer);
    ControllerCore old = core;
    core = null;
    if (schedules != null) {
      schedules.stop();
      schedules = null;
    }
    if (old != null) {
      old.stopScaling();
    }
    List<MessageConsumer<?>> mine = leaderConsumers;
    leaderConsumers = List.of();
    return Future.join(mine.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /**
   * The registry store the leader writes: alone, the file in the data folder; in a cluster, the
   * Hazelcast registry with this leader's term on every write (each controller's mirror keeps a
   * copy on its disk).
   */
  private RegistryStore registryStore() {
    RegistryStore store = cluster == null ? RegistryStore.file(vertx, config.dataDir())
      : RegistryStore.hazelcast(vertx, cluster.hazelcast(), config.dataDir(), term::get);
    return RegistryStore.publishing(store, directory, config.baseDomain());
  }

  /** Where the leader keeps the secrets: like {@link #registryStore}, sealed values only. */
  private SecretStore secretStore() {
    return cluster == null ? SecretStore.file(vertx, config.dataDir())
      : SecretStore.hazelcast(vertx, cluster.hazelcast(), config.dataDir(), term::get);
  }

  private PoolBackend poolBackend() {
    return options.getPoolSize() <= 0 ? null : OnContext.pool(PoolBackend.docker(vertx, docker,
      config.dataDir(), config.runtimesDir(), config.registry(), poolRuntimes), context);
  }

  /** Reads the runtimes' {@code pool} flags once (off the event loop) when the pool is on. */
  private Future<Void> readPoolRuntimes() {
    if (options.getPoolSize() <= 0) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> PoolRuntimes.read(config.runtimesDir())).<Void>map(read -> {
      poolRuntimes = read;
      LOG.info(() -> "controller: runtimes with a pool: " + read + " (" + config.runtimesDir() + ")");
      return null;
    }).recover(err -> Future.failedFuture(new IllegalStateException("controller: " + err.getMessage(), err)));
  }

  /** A build's record from the cluster's build store; {@code null} alone (no other leader's deploys to finish). */
  private Future<JsonObject> buildRecord(String buildId) {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    return BuildStore.hazelcast(vertx, cluster.hazelcast()).compose(store -> store.get(buildId));
  }

  private void onRequest(Message<Object> msg) {
    JsonObject body = msg.body() instanceof JsonObject json ? json : new JsonObject();
    ControllerCore leading = core;
    reply(msg, leading == null ? Future.failedFuture(notLeader()) : leading.handle(msg.headers().get(Actions.HEADER), body));
  }

  private void onActivate(Message<Object> msg) {
    ControllerCore leading = core;
    reply(msg, leading == null ? Future.failedFuture(notLeader())
      : leading.activate(msg.body() instanceof JsonObject json ? json : new JsonObject()));
  }

  private static void reply(Message<Object> msg, Future<JsonObject> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result());
      } else {
        PlatError error = PlatError.from(ar.cause());
        msg.fail(error.status(), error.toJson().encode());
      }
    });
  }

  private Future<JsonObject> health() {
    if (leadership != null && !leadership.isLeader()) {
      String leader = leadership.leaderNode();
      return Future.succeededFuture(leader == null
        ? new JsonObject().put("state", RoleHealth.DEGRADED).put("error", "no leader: fewer than "
          + leadership.quorum() + " members can see each other, scheduling is stopped")
        : new JsonObject().put("state", RoleHealth.UP).put("standby", true).put("leader", leader));
    }
    if (!serving) {
      // /health must not say up before the API and activations are reachable on the bus
      return Future.succeededFuture(new JsonObject().put("state", RoleHealth.DEGRADED)
        .put("error", "starting: loading the registry and reconciling"));
    }
    return docker.ping()
      .map(ok -> new JsonObject().put("state", RoleHealth.UP).put("leader", config.nodeId()))
      .otherwise(err -> new JsonObject().put("state", RoleHealth.DEGRADED).put("error", err.getMessage()));
  }

  private static PlatError notLeader() {
    return new PlatError(503, "not_leader", "this controller no longer leads; try again");
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(eventsTimer);
    vertx.cancelTimer(metricsTimer);
    vertx.cancelTimer(metricsPushTimer);
    if (instanceMetrics != null) {
      instanceMetrics.accept(null);
    }
    if (leadership != null) {
      leadership.stop();
    }
    List<Future<?>> closing = new ArrayList<>();
    closing.add(stepDown());
    if (mirror != null) {
      Promise<Void> closed = Promise.promise();
      mirror.close(closed);
      closing.add(closed.future());
    }
    if (agentConsumer != null) {
      closing.add(agentConsumer.unregister());
    }
    if (events != null) {
      closing.add(events.close());
    }
    if (probe != null) {
      closing.add(probe.close());
    }
    if (engine != null) {
      // the instances keep running: their secrets folders stay, the others (and an empty root) go
      // before the engine lets go of dockerd
      closing.add(ControllerParts.releaseSecrets(engine, dirs, config.nodeId()).compose(v -> engine.close()));
    }
    return Future.join(closing);
  }
}
