package dev.plat.controller.impl;

import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.controller.BuilderClient;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.DeployJournal;
import dev.plat.controller.ImageCleaner;
import dev.plat.controller.PoolBackend;
import dev.plat.controller.RegistryStore;
import dev.plat.controller.Scheduler;
import dev.plat.controller.SecretStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The controller's logic, assembled: registry, lifecycle (launcher, terminator, crash handler,
 * pauser, converger), reconciler, build watcher, scaling (proxy load, autoscaler loop,
 * activation) and the actions. This is the composition root: each part gets what it needs
 * through its constructor, in the order below. Everything runs on one context; the verticle
 * feeds it bus messages and engine events. Built by {@link ControllerParts#leader}.
 */
public final class ControllerCore {
  /** How often a taken-over deploy's build record is read again while it waits. */
  private static final long RECORD_CHECK_MS = 1_000;

  private final Hosts hosts;
  private final Scheduler scheduler;
  private final StatusPublisher status;
  private final Functions functions;
  private final Secrets secrets;
  private final InstanceTerminator terminator;
  private final Converger converger;
  private final Reconciler reconciler;
  private final EngineEventHandler events;
  private final BuildWatcher builds;
  private final ProxyLoad load;
  private final ScalingLoop scaling;
  private final ActivateHandler activator;
  private final Map<String, Action> actions;
  private final PoolManager pool;
  private final DeployJournal journal;
  private final Function<String, Future<JsonObject>> buildRecord;
  private boolean poolStarted;
  /** Completed by the first reconciliation: a node that announces itself is reconciled after it. */
  private final Promise<Void> reconciled = Promise.promise();
  /** Holds the first reconciliation for the nodes present in the cluster that have not announced themselves yet. */
  private final AnnounceWait arrivals;
  /** Whether {@link #reconcile()} ran once: only the first waits for {@link #arrivals}. */
  private boolean waited;
  /** Set when this core stops leading ({@link #stopScaling}): a node that announces itself is then not its business. */
  private boolean stopped;
  private JsonObject lastMetrics = new JsonObject();

  /**
   * @param hosts       the nodes instances run on (this node's engine, socket folders, probe, proxy)
   * @param poolBackend the pool's Docker and file work; {@code null} or {@code options.getPoolSize()} 0:
   *                    no pool, every instance is a container started for it
   * @param images      removes a deleted function's images and a rejected build's image
   * @param journal     the deploys acknowledged and waiting for their build, shared with the next leader
   * @param buildRecord a build's record ({@code BuildStore}), {@code null} when unknown: a taken-over
   *                    deploy whose build ended meanwhile is finished from it
   */
  ControllerCore(Hosts hosts, RouteTable routes, Scheduler scheduler, StatusPublisher status, ControllerOptions o,
                 RegistryStore store, BuilderClient builder, StatusView view, PoolBackend poolBackend,
                 ImageCleaner images, DeployJournal journal, Function<String, Future<JsonObject>> buildRecord,
                 SecretStore secretStore) {
    this.hosts = hosts;
    this.scheduler = scheduler;
    this.status = status;
    this.journal = journal;
    this.buildRecord = buildRecord;
    Host local = hosts.local();
    this.pool = poolBackend == null || o.getPoolSize() <= 0 ? null
      : new PoolManager(local, scheduler, o, poolBackend, o.getPoolSize());
    this.functions = new Functions(new Registry(store), () -> new CrashTracker(o.getBackoffInitialMs(),
      o.getBackoffMaxMs(), o.getCrashLoopCount(), o.getCrashWindowMs()));
    this.secrets = new Secrets(secretStore);
    // the lifecycle reports a changed function through this event; the converger, built after it, is behind it
    Consumer<FunctionState> changed = this::converge;
    this.terminator = new InstanceTerminator(hosts, routes, status, scheduler, o, changed);
    CrashHandler crashes = new CrashHandler(hosts, routes, status, scheduler, o.getLogLines(), terminator, changed);
    InstanceLauncher launcher = new InstanceLauncher(hosts, routes, status, scheduler, o, terminator, crashes,
      changed, pool, new Placement(hosts, functions::everything), secrets);
    InstancePauser pauser = new InstancePauser(hosts, routes, status, scheduler, o.getRouteGraceMs(), crashes, changed);
    this.converger = new Converger(scheduler, status, o.getCrashLoopCount(), launcher, terminator);
    functions.onUnitChanged(converger::converge);
    Settler settler = new Settler(converger, scheduler, o.getStartTimeoutMs());
    this.load = new ProxyLoad(o.getStatsExpiryMs());
    view = view.withMetrics(name -> load.metrics(name, scheduler.now())).withUnits(functions::unitsOf);
    this.scaling = new ScalingLoop(scheduler, o, functions, converger, pauser, load);
    this.activator = new ActivateHandler(functions, pauser, settler, scheduler, local.proxy());
    this.arrivals = new AnnounceWait(hosts::unannounced, scheduler);
    this.reconciler = new Reconciler(hosts, routes, status, scheduler, functions, launcher, converger,
      pool == null ? null : poolBackend);
    this.events = new EngineEventHandler(functions, crashes, pool);
    this.builds = new BuildWatcher(scheduler, o.getBuildTimeoutMs());
    VersionRegistrar versions = new VersionRegistrar(scheduler, functions, converger, pool, images, o.getVersionsKept());
    BuildDoneHandler done = new BuildDoneHandler(scheduler, status, o.getBaseDomain(), functions, versions, images);
    builds.onDone((p, event) -> {
      if (pool != null) {
        pool.confirm(p.candidate().name(), p.candidate().version(), event.getString("imageId"));
      }
      done.done(p, event);
      journal.remove(p.buildId());
    });
    builds.onLate(done::late);
    if (pool != null) {
      // the image is in this node's dockerd when the builder runs here: its code is read while it is pushed
      builds.onBuilt((p, built) -> pool.exportEarly(p.candidate(), built.imageId(), built.context()));
    }
    builds.onFailed((p, error) -> {
      if (pool != null) {
        pool.confirm(p.candidate().name(), p.candidate().version(), null);
      }
      done.failed(p, error);
      if (p.buildId() != null) {
        journal.remove(p.buildId());
      }
    });
    // a delete answers before its instances and images are gone; a deploy of that name waits for them
    Removals removals = new Removals();
    this.actions = Map.ofEntries(
      Map.entry(Actions.Controller.SECRET_PUT, new PutSecretAction(secrets, functions, settler, scheduler)),
      Map.entry(Actions.Controller.SECRET_LIST, new ListSecretsAction(secrets, functions)),
      Map.entry(Actions.Controller.SECRET_DELETE, new DeleteSecretAction(secrets, functions)),
      Map.entry(Actions.Controller.REGISTRY_PUT, RegistryLoginActions.put(secrets, scheduler)),
      Map.entry(Actions.Controller.REGISTRY_LIST, RegistryLoginActions.list(secrets)),
      Map.entry(Actions.Controller.REGISTRY_DELETE, RegistryLoginActions.delete(secrets)),
      Map.entry(Actions.Controller.DEPLOY, deploy(removals, new DeployAction(o, status, functions, builds, builder, journal, secrets),
        new ImageDeployAction(o, functions, builds, versions, secrets, local.engine(), scheduler))),
      Map.entry(Actions.Controller.LIST, new ListAction(functions, view)),
      Map.entry(Actions.Controller.GET, new GetAction(functions, view)),
      Map.entry(Actions.Controller.PATCH, new PatchAction(functions, settler, scheduler, o, view, secrets)),
      Map.entry(Actions.Controller.DELETE, new DeleteAction(functions, builds, journal, routes, converger, pool,
        images, local.engine(), status, removals)),
      Map.entry(Actions.Controller.START, new StartAction(functions, settler, scheduler, view)),
      Map.entry(Actions.Controller.STOP, new StopAction(functions, converger, view)),
      Map.entry(Actions.Controller.VERSIONS, new VersionsAction(functions)),
      Map.entry(Actions.Controller.ROLLBACK, new RollbackAction(functions, builds, versions, images, scheduler,
        o.getBaseDomain())),
      Map.entry(Actions.Controller.TRAFFIC, new TrafficAction(functions, images, view)));
  }

  /** Loads the registry, then reconciles this node's containers with it. */
  public Future<Void> start() {
    return load().compose(v -> reconcile());
  }

  /** Loads the registry and the secrets; fails when they cannot be read (a corrupt file stops the controller). */
  public Future<Void> load() {
    return functions.load().compose(v -> secrets.load());
  }

  /**
   * Adopts or removes the containers of every node, then converges every function; then (once)
   * fills the pool and exports the code of the registered functions for it. The first call waits,
   * bounded, for the nodes present in the cluster that have not announced themselves yet ({@link
   * AnnounceWait}), so that their instances are adopted rather than replaced; one that stepped down
   * meanwhile then reconciles nothing.
   */
  public Future<Void> reconcile() {
    Future<Void> ready = waited ? Future.succeededFuture() : arrivals.await();
    waited = true;
    return ready.compose(w -> stopped ? Future.succeededFuture() : reconciler.reconcile().onSuccess(v -> {
      reconciled.tryComplete();
      if (pool != null && !poolStarted) {
        poolStarted = true;
        pool.start();
        functions.all().forEach(fs -> pool.prepare(fs.record().spec()));
      }
    }));
  }

  /**
   * Takes over the deploys another leader acknowledged and did not finish: each is watched again,
   * and one whose build ended meanwhile (its final event went out while no leader listened) is
   * finished from the build's record.
   */
  public Future<Void> resumeDeploys() {
    return journal.all().compose(all -> {
      List<Future<Void>> checks = new ArrayList<>();
      all.forEach((buildId, candidate) -> {
        if (builds.watches(buildId)) {
          return;
        }
        builds.accepted(builds.reserve(candidate), buildId);
        checks.add(checkRecord(buildId, candidate));
      });
      return Future.join(checks).mapEmpty();
    });
  }

  /**
   * Finishes a taken-over deploy from its build's record when the record says the build ended;
   * else looks again every {@link #RECORD_CHECK_MS} while the deploy waits: the final event may
   * have gone out before this leader watched the build, and the record be written just after it
   * was read.
   */
  private Future<Void> checkRecord(String buildId, FunctionSpec candidate) {
    return buildRecord.apply(buildId).<Void>map(record -> {
      JsonObject event = finalEvent(buildId, candidate, record);
      if (event != null) {
        builds.onEvent(event);
      } else if (builds.watches(buildId)) {
        scheduler.schedule(RECORD_CHECK_MS, () -> {
          if (builds.watches(buildId)) {
            checkRecord(buildId, candidate);
          }
        });
      }
      return null;
    }).otherwiseEmpty();
  }

  /** The final build event a record stands for; {@code null} while the build runs. */
  private static JsonObject finalEvent(String buildId, FunctionSpec candidate, JsonObject record) {
    if (record == null) {
      return null;
    }
    JsonObject event = new JsonObject().put("buildId", buildId).put("function", candidate.name())
      .put("version", candidate.version());
    return switch (record.getString("state", "")) {
      case "succeeded" -> event.put("type", BuildWatcher.DONE).put("image", record.getString("image"))
        .put("imageId", record.getString("imageId")).put("digest", record.getString("digest"));
      case "failed" -> event.put("type", BuildWatcher.FAILED).put("error", record.getString("error"));
      default -> null;
    };
  }

  /** Runs the action named {@code action}; a 400 {@code unknown_action} for any other name. */
  public Future<JsonObject> handle(String action, JsonObject body) {
    Action a = action == null ? null : actions.get(action);
    if (a == null) {
      return Future.failedFuture(PlatError.badRequest("unknown_action", "unknown controller action '" + action + "'"));
    }
    try {
      return a.handle(body == null ? new JsonObject() : body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Answers a proxy's activation request {@code {"function"}}; see {@link ActivateHandler}. */
  public Future<JsonObject> activate(JsonObject body) {
    try {
      return activator.handle(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Takes one proxy statistics message. */
  public void onProxyStats(JsonObject stats) {
    load.report(stats, scheduler.now());
  }

  /**
   * Publishes every function's {@code metrics} ({@link StatusPublisher#metrics}) when any changed
   * since the last call; the verticle calls it every {@code METRICS_PUSH_MS}.
   *
   * @return true when it published
   */
  public boolean publishMetrics() {
    long now = scheduler.now();
    JsonObject all = new JsonObject();
    functions.all().stream().map(FunctionState::name).sorted()
      .forEach(name -> all.put(name, load.metrics(name, now).toJson()));
    if (all.equals(lastMetrics)) {
      return false;
    }
    lastMetrics = all;
    status.metrics(all.copy());
    return true;
  }

  /** Starts the periodic autoscaling and idleness decisions, unless this core stopped leading. */
  public void startScaling() {
    if (!stopped) {
      scaling.start();
    }
  }

  public void stopScaling() {
    stopped = true;
    scaling.stop();
    if (pool != null) {
      pool.stop();
    }
  }

  /**
   * A node left the cluster: its instances are forgotten and replaced on the nodes that remain
   * ({@link InstanceTerminator#lost}).
   */
  public void onNodeLeft(String node) {
    arrivals.check();
    hosts.forget(node);
    for (FunctionState fs : functions.everything()) {
      fs.instances().stream().filter(i -> node.equals(i.node())).toList().forEach(i -> terminator.lost(fs, i));
    }
  }

  /**
   * A node announced itself (it joined, came back after it was given up, or was slow to announce
   * when this leader reconciled): once this leader's first reconciliation is done, the containers it
   * runs that no instance claims yet are reconciled ({@link Reconciler#join}): running instances of
   * the current settings adopted, true orphans removed. A first reconciliation waiting for the
   * nodes present in the cluster goes on once this was the last of them.
   */
  public Future<Void> onNodeJoined(String node) {
    hosts.forget(node);  // its host may have another address now
    arrivals.check();
    return reconciled.future().compose(v -> reconciler.join(node, () -> !stopped));
  }

  public void onEngineEvent(ContainerEngine.Event event) {
    events.handle(event);
  }

  public void onBuildEvent(JsonObject event) {
    builds.onEvent(event);
  }

  /**
   * Handles a message of this node's builder on {@link dev.plat.cluster.Names.Address#BUILD_CONTEXTS};
   * completes (never fails) once the context is no longer needed.
   */
  public Future<Void> onBuildContext(JsonObject message) {
    return builds.onContext(message);
  }

  /** How many functions the registry holds. */
  public int functionCount() {
    return functions.all().size();
  }

  /** The specs of the registered functions now (the schedules' loop reads them). */
  public List<FunctionSpec> specs() {
    return functions.all().stream().map(fs -> fs.record().spec()).toList();
  }

  /** The registered functions (package-private: tests and the metrics read them). */
  Functions functions() {
    return functions;
  }

  private void converge(FunctionState fs) {
    converger.converge(fs);
  }

  /** A deploy names an uploaded zip (a build) or an image of the user's (no build). */
  /** A deploy of a name whose removal is still under way waits for it. */
  private static Action deploy(Removals removals, Action build, Action image) {
    return body -> {
      JsonObject spec = body.getJsonObject("spec");
      Object name = spec == null ? null : spec.getValue("name");
      return removals.after(name instanceof String s ? s : null,
        () -> ImageDeployAction.wants(body) ? image.handle(body) : build.handle(body));
    };
  }
}
