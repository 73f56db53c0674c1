package dev.plat.controller;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.Names;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.Role;
import dev.plat.cluster.RoleHealth;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.impl.Collaborators;
import dev.plat.controller.impl.ControllerCore;
import dev.plat.controller.impl.DirectoryPublishingStore;
import dev.plat.controller.impl.InstanceMetrics;
import dev.plat.controller.impl.OnContext;
import dev.plat.controller.impl.StatusPublisher;
import dev.plat.controller.impl.StatusView;
import dev.plat.controller.impl.UnixSocketHealthProbe;
import dev.plat.docker.DockerClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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

  private final PlatConfig config;
  private final DockerClient docker;
  private final RouteTable routes;
  private final ControllerOptions options;
  private final FunctionDirectory directory;
  private final MeterRegistry registry;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  /** Set once the API and activation consumers are registered: until then health is not up. */
  private volatile boolean serving;
  private UnixSocketHealthProbe probe;
  private ContainerEngine.Subscription events;
  private ContainerEngine engine;
  private ControllerCore core;
  private long retryTimer = -1;
  private long metricsTimer = -1;
  private long metricsPushTimer = -1;
  private InstanceMetrics instanceMetrics;

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
   * @param directory where the registry is mirrored for the gateways (public flags and hosts)
   * @param registry  where {@code plat_instances{function,state}} goes, counted again every 2 s;
   *                  {@code null}: no metrics
   */
  public ControllerVerticle(PlatConfig config, DockerClient docker, RouteTable routes, FunctionDirectory directory,
      ControllerOptions options, MeterRegistry registry) {
    this.registry = registry;
    this.config = config;
    this.docker = docker;
    this.routes = routes;
    this.directory = directory;
    this.options = new ControllerOptions(options);
  }

  @Override
  public Future<?> start() {
    // 1. the boundaries, each answering on this verticle's context
    Scheduler scheduler = Scheduler.of(vertx);
    probe = new UnixSocketHealthProbe(vertx, options.healthIntervalMs());
    engine = OnContext.engine(ContainerEngine.docker(vertx, docker, options.pauseMode(),
      config.dockerHost().startsWith("unix://")), context);
    StatusPublisher status = new StatusPublisher(
      event -> vertx.eventBus().publish(Names.Address.STATUS, event), scheduler::now);
    Collaborators c = new Collaborators(engine, OnContext.routes(routes, context),
      SocketDirs.under(vertx, config.dataDir()), OnContext.probe(probe, context), scheduler, status, options,
      config.nodeId(), config.clusterHost() + ":" + config.proxyPort());
    // 2. the logic
    RegistryStore store = new DirectoryPublishingStore(RegistryStore.file(vertx, config.dataDir()), directory,
      config.baseDomain());
    PoolBackend pool = options.poolSize() <= 0 ? null : OnContext.pool(PoolBackend.docker(vertx, docker,
      config.dataDir(), config.runtimesDir(), config.registry()), context);
    core = new ControllerCore(c, store,
      BuilderClient.eventBus(vertx, options.builderRequestTimeoutMs()),
      new StatusView(config.httpHost(), config.httpPort(), config.baseDomain()), pool,
      OnContext.images(ImageCleaner.docker(vertx, docker, config.registry()), context));
    RoleHealth.register(vertx, config.nodeId(), Role.CONTROLLER.id(), this::health);
    if (registry != null) {
      instanceMetrics = new InstanceMetrics(registry);
      metricsTimer = vertx.setPeriodic(METRICS_REFRESH_MS, id -> instanceMetrics.refresh(core.functions().all()));
    }
    // 3. build events before any deploy can start; the registry before any request
    consumers.add(vertx.eventBus().<JsonObject>consumer(Names.Address.BUILD_EVENTS, m -> core.onBuildEvent(m.body())));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Names.Address.PROXY_STATS, m -> core.onProxyStats(m.body())));
    metricsPushTimer = vertx.setPeriodic(METRICS_PUSH_MS, id -> core.publishMetrics());
    return core.load()
      // 4. the node's containers: events first so that no crash is missed, then the reconciliation
      .compose(v -> connect(engine))
      // 5. the API and activations
      .compose(v -> {
        MessageConsumer<Object> api = vertx.eventBus().consumer(Names.Address.CONTROLLER, this::onRequest);
        MessageConsumer<Object> activate = vertx.eventBus().consumer(Names.Address.ACTIVATE, this::onActivate);
        consumers.add(api);
        consumers.add(activate);
        return Future.join(api.completion(), activate.completion()).<Void>mapEmpty()
          .onSuccess(ok -> serving = true);
      });
  }

  /**
   * Subscribes to container events and reconciles. When dockerd does not answer the controller
   * still starts (its health says degraded) and tries again every {@link #RETRY_MS}.
   */
  private Future<Void> connect(ContainerEngine engine) {
    return engine.events(config.nodeId(), core::onEngineEvent)
      .compose(sub -> {
        events = sub;
        return core.reconcile();
      })
      .onSuccess(v -> {
        core.startScaling();
        LOG.info(() -> "controller: " + core.functions().all().size()
          + " functions in the registry, node " + config.nodeId() + " reconciled");
      })
      .recover(err -> {
        LOG.warning("controller: cannot reconcile with dockerd (" + err + "); retrying in "
          + RETRY_MS / 1000 + " s");
        if (events != null) {
          events.close();
          events = null;
        }
        retryTimer = vertx.setTimer(RETRY_MS, id -> connect(engine));
        return Future.succeededFuture();
      });
  }

  private void onRequest(Message<Object> msg) {
    JsonObject body = msg.body() instanceof JsonObject json ? json : new JsonObject();
    reply(msg, core.handle(msg.headers().get(Actions.HEADER), body));
  }

  private void onActivate(Message<Object> msg) {
    reply(msg, core.activate(msg.body() instanceof JsonObject json ? json : new JsonObject()));
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
    if (!serving) {
      // /health must not say up before the API and activations are reachable on the bus
      return Future.succeededFuture(new JsonObject().put("state", RoleHealth.DEGRADED)
        .put("error", "starting: loading the registry and reconciling"));
    }
    return docker.ping()
      .map(ok -> new JsonObject().put("state", RoleHealth.UP))
      .otherwise(err -> new JsonObject().put("state", RoleHealth.DEGRADED).put("error", err.getMessage()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(retryTimer);
    vertx.cancelTimer(metricsTimer);
    vertx.cancelTimer(metricsPushTimer);
    if (instanceMetrics != null) {
      instanceMetrics.clear();
    }
    if (core != null) {
      core.stopScaling();
    }
    List<Future<?>> closing = new ArrayList<>();
    consumers.forEach(consumer -> closing.add(consumer.unregister()));
    if (events != null) {
      closing.add(events.close());
    }
    if (probe != null) {
      closing.add(probe.close());
    }
    if (engine != null) {
      closing.add(engine.close());
    }
    return Future.join(closing);
  }
}
