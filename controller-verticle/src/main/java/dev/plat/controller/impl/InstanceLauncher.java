package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Starts instances: socket folder, container, health over the socket, then the route. An instance
 * that fails on the way is handed to the {@link CrashHandler}.
 */
public final class InstanceLauncher {
  private static final Logger LOG = Logger.getLogger(InstanceLauncher.class.getName());
  private final Collaborators c;
  private final InstanceTerminator terminator;
  private final CrashHandler crashes;
  private final Consumer<FunctionState> changed;
  private final PoolManager pool;
  private final Placement placement;

  public InstanceLauncher(Collaborators c, InstanceTerminator terminator, CrashHandler crashes,
                          Consumer<FunctionState> changed) {
    this(c, terminator, crashes, changed, null);
  }

  /** @param pool where instances come from when it has one for them; {@code null}: always start a container */
  public InstanceLauncher(Collaborators c, InstanceTerminator terminator, CrashHandler crashes,
                          Consumer<FunctionState> changed, PoolManager pool) {
    this(c, terminator, crashes, changed, pool, null);
  }

  /**
   * @param pool      where instances come from when it has one for them (on this node only); {@code null}: always start a container
   * @param placement which node runs each new instance; {@code null}: this node
   */
  public InstanceLauncher(Collaborators c, InstanceTerminator terminator, CrashHandler crashes,
                          Consumer<FunctionState> changed, PoolManager pool, Placement placement) {
    this.placement = placement;
    this.pool = pool;
    this.c = c;
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
    String node = placement == null ? c.node() : placement.choose(fs);
    boolean placed = node != null;
    node = placed ? node : c.node();
    PoolManager.Member member = pool == null || !placed || !node.equals(c.node()) ? null : pool.take(spec);
    String id = member != null ? member.id() : InstanceSpecs.newInstanceId();
    Instance instance = new Instance(id, spec.name(), spec.version(), InstanceSpecs.fingerprint(spec),
      node, c.host(node).dirs().socket(id), spec.limits());
    fs.add(instance);
    c.status().instance(instance, null);
    Future<String> container = !placed
      ? Future.failedFuture("no node has the memory for another instance (" + spec.limits().memoryMb() + " MB)")
      : member == null ? run(spec, instance)
      : pool.specialize(spec, instance, member).recover(err -> {
        // its removal kills it (exit 137): that is not the function's exit, which its own container shows
        instance.discard(member.containerId());
        return c.engine().logTail(member.containerId(), c.options().logLines()).otherwise(List.of())
          .compose(lines -> {
            LOG.warning("pool: could not specialize " + member.id() + " as " + spec.name() + " ("
              + err.getMessage() + "); starting a container. Its last lines: "
              + String.join(" | ", Failure.clean(lines, c.options().logLines())));
            return c.engine().remove(member.containerId());
          })
          .transform(ignored -> instance.isLive() ? run(spec, instance)
            : c.dirs().delete(instance.id()).transform(v -> Future.failedFuture(err)));
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
    Host host = c.host(instance.node());
    return host.dirs().create(instance.id())
      .compose(folder -> host.engine().run(InstanceSpecs.container(spec, instance, folder,
        c.options().drainSeconds(spec.limits().timeoutSeconds()))));
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
    long timeout = spec.startTimeoutMs(c.options().startTimeoutMs());
    Host host = c.host(instance.node());
    host.probe().awaitReady(instance.socket(), instance.containerId(), spec.healthPath(), timeout,
        () -> instance.state() == Instance.State.STARTING)
      .compose(v -> instance.state() == Instance.State.STARTING
        ? c.routes().put(instance.route(host.proxy())) : Future.failedFuture("no longer starting"))
      .onSuccess(v -> {
        if (instance.state() == Instance.State.STARTING) {
          instance.state(Instance.State.READY);
          instance.activeSince(c.scheduler().now());
          c.status().instance(instance, null);
          changed.accept(fs);
        }
      })
      .onFailure(err -> crashes.crashed(fs, instance,
        "not healthy within " + timeout / 1000.0 + " s: " + err.getMessage()));
  }
}
