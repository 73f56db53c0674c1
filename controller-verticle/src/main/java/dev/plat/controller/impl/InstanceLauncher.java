package dev.plat.controller.impl;

import dev.plat.cluster.RouteTable;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Starts instances: socket folder, container, health over the socket, then the route. An instance
 * that fails on the way is handed to the {@link CrashHandler}.
 */
final class InstanceLauncher {
  private static final Logger LOG = Logger.getLogger(InstanceLauncher.class.getName());
  private final Hosts hosts;
  private final RouteTable routes;
  private final StatusPublisher status;
  private final Scheduler scheduler;
  private final ControllerOptions options;
  private final InstanceTerminator terminator;
  private final CrashHandler crashes;
  private final Consumer<FunctionState> changed;
  private final PoolManager pool;
  private final Placement placement;
  private final Secrets secrets;

  /**
   * @param changed   told of a function whose instance became ready
   * @param pool      where instances come from when it has one for them (on this node only); {@code null}: always start a container
   * @param placement which node runs each new instance; {@code null}: this node
   * @param secrets   the sealed values of the secrets a function lists; {@code null}: none exist
   */
  InstanceLauncher(Hosts hosts, RouteTable routes, StatusPublisher status, Scheduler scheduler,
                   ControllerOptions options, InstanceTerminator terminator, CrashHandler crashes,
                   Consumer<FunctionState> changed, PoolManager pool, Placement placement, Secrets secrets) {
    this.secrets = secrets;
    this.placement = placement;
    this.pool = pool;
    this.hosts = hosts;
    this.routes = routes;
    this.status = status;
    this.scheduler = scheduler;
    this.options = options;
    this.terminator = terminator;
    this.crashes = crashes;
    this.changed = changed;
  }

  /**
   * Starts one new instance of the function's current spec; @return it, in state starting. A
   * pre-started pool container is specialized when the pool has one for it; when that fails, a
   * container is started as usual.
   */
  public Instance start(FunctionState fs) {
    FunctionSpec spec = fs.record().spec();
    String node = placement == null ? hosts.local().node() : placement.choose(fs);
    boolean placed = node != null;
    node = placed ? node : hosts.local().node();
    // A pool container was created before its function was known, without the read-only mount of
    // /run/secrets nor the secret env, and a running container can gain neither: a function with
    // secrets takes the normal start path (a container created for it), never a pool container.
    boolean pooled = pool != null && placed && node.equals(hosts.local().node()) && spec.secretsUsed().isEmpty();
    PoolManager.Member primed = pooled ? pool.takePrimed(spec) : null;
    PoolManager.Member member = primed != null ? primed : pooled ? pool.take(spec) : null;
    String id = member != null ? member.id() : InstanceSpecs.newInstanceId();
    Instance instance = new Instance(id, fs.name(), spec.version(), InstanceSpecs.fingerprint(spec),
      node, hosts.of(node).dirs().socket(id), spec.limits());
    fs.add(instance);
    status.instance(instance, null);
    Future<String> container = !placed
      ? Future.failedFuture("no node has the memory for another instance (" + spec.limits().memoryMb() + " MB)")
      : member == null ? run(spec, instance)
      : (primed != null ? pool.finishPrimed(spec, instance, member) : pool.specialize(spec, instance, member)).recover(err -> {
        // its removal kills it (exit 137): that is not the function's exit, which its own container shows
        instance.discard(member.containerId());
        return hosts.local().engine().logTail(member.containerId(), options.getLogLines()).otherwise(List.of())
          .compose(lines -> {
            LOG.warning("pool: could not specialize " + member.id() + " as " + spec.name() + " ("
              + err.getMessage() + "); starting a container. Its last lines: "
              + String.join(" | ", Failure.clean(lines, options.getLogLines())));
            return hosts.local().engine().remove(member.containerId());
          })
          .transform(ignored -> instance.isLive() ? run(spec, instance)
            : hosts.local().dirs().delete(instance.id()).transform(v -> Future.failedFuture(err)));
      });
    container
      .onSuccess(containerId -> {
        instance.containerId(containerId);
        if (!instance.isLive()) {
          terminator.cleanup(instance);
        }
      })
      .onSuccess(containerId -> watch(fs, instance))
      .onFailure(err -> crashes.crashed(fs, instance, "could not start: " + err.getMessage()));
    return instance;
  }

  private Future<String> run(FunctionSpec spec, Instance instance) {
    Host host = hosts.of(instance.node());
    return host.dirs().create(instance.id())
      .compose(folder -> writeSecrets(host, spec, instance).compose(secretsFolder -> sealedEnv(spec)
        .compose(env -> host.engine().run(InstanceSpecs.container(spec, instance, folder, secretsFolder,
          options.drainSeconds(spec.limits().timeoutSeconds())), env))));
  }

  /** The sealed values of the spec's {@code secretEnv} ({@link Secrets#sealedEnv}); the node that runs the instance opens them. */
  private Future<io.vertx.core.json.JsonObject> sealedEnv(FunctionSpec spec) {
    if (spec.secretEnv().isEmpty()) {
      return Future.succeededFuture(new io.vertx.core.json.JsonObject());
    }
    if (secrets == null) {
      return Future.failedFuture("this controller keeps no secrets");
    }
    try {
      return Future.succeededFuture(secrets.sealedEnv(spec.secretEnv()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The instance's secrets written on its node (sealed values travel, that node decrypts); {@code null}: it lists none. */
  private Future<String> writeSecrets(Host host, FunctionSpec spec, Instance instance) {
    if (spec.secrets().isEmpty()) {
      return Future.succeededFuture(null);
    }
    if (secrets == null) {
      return Future.failedFuture("this controller keeps no secrets");
    }
    try {
      return host.dirs().writeSecrets(instance.id(), secrets.sealed(spec.secrets()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Waits for a starting instance (new or adopted) to answer healthy, then routes to it; a crash
   * when it does not in time.
   */
  public void watch(FunctionState fs, Instance instance) {
    if (!instance.isLive()) {
      return;
    }
    FunctionSpec spec = fs.record().spec();
    long timeout = spec.startTimeoutMs(options.getStartTimeoutMs());
    Host host = hosts.of(instance.node());
    host.probe().awaitReady(instance.socket(), instance.containerId(), spec.healthPath(), timeout,
        () -> instance.state() == Instance.State.STARTING)
      .compose(v -> instance.state() == Instance.State.STARTING
        ? routes.put(instance.route(host.proxy())) : Future.failedFuture("no longer starting"))
      .onSuccess(v -> {
        if (instance.state() == Instance.State.STARTING) {
          instance.state(Instance.State.READY);
          instance.activeSince(scheduler.now());
          status.instance(instance, null);
          changed.accept(fs);
        }
      })
      .onFailure(err -> crashes.crashed(fs, instance,
        "not healthy within " + timeout / 1000.0 + " s: " + err.getMessage()));
  }
}
