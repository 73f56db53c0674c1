package dev.plat.controller.impl;

import dev.plat.controller.Scheduler;
import dev.plat.cluster.RouteTable;
import dev.plat.cluster.Names;
import dev.plat.cluster.Route;
import dev.plat.controller.ContainerEngine.Container;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.PoolBackend;
import io.vertx.core.Future;
import java.util.ArrayList;
import dev.plat.cluster.api.TrafficSplit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Makes this node's containers and routes match the registry at start: adopts the containers of
 * current instances (running ones: health re-checked, route re-added; paused ones: kept paused,
 * unrouted), keeps those of older settings that still serve until the rolling update replaces them
 * ({@link ReconcilePlan.Verdict#RETIRING}), removes orphans, other stale versions, dead containers
 * and those of stopped functions,
 * drops this node's routes to instances that are gone or paused, sets each function's scale to
 * what it adopted (a function with {@code scaling.min} 0 and nothing adopted stays at zero), then
 * deletes the socket folders of instances without a container, then converges every function
 * (starting what is missing). A pool container is adopted when its
 * assignment file names a current function (see {@link PoolSpecs#assignment}); an unassigned one
 * is removed like an orphan (the pool starts fresh ones). A node that joins later (it was away, or
 * slow to announce itself, when the leader reconciled) is reconciled the same way by {@link #join}.
 */
final class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  private final Hosts hosts;
  private final RouteTable routes;
  private final StatusPublisher status;
  private final Scheduler scheduler;
  private final Functions functions;
  private final InstanceLauncher launcher;
  private final Converger converger;
  private final PoolBackend pool;

  /** @param pool reads the assignment files of specialized pool containers; {@code null}: pool containers are orphans */
  Reconciler(Hosts hosts, RouteTable routes, StatusPublisher status, Scheduler scheduler, Functions functions,
             InstanceLauncher launcher, Converger converger, PoolBackend pool) {
    this.pool = pool;
    this.hosts = hosts;
    this.routes = routes;
    this.status = status;
    this.scheduler = scheduler;
    this.functions = functions;
    this.launcher = launcher;
    this.converger = converger;
  }

  /**
   * Runs once over every node that runs instances ({@link Hosts#candidates()}; a node whose agent
   * does not answer is left out, its containers untouched); completes when removals are done and
   * every function was converged.
   */
  public Future<Void> reconcile() {
    List<String> nodes = hosts.candidates().stream().map(Hosts.Candidate::node).toList();
    List<Throwable> errors = new ArrayList<>();
    List<Future<List<Container>>> lists = nodes.stream().map(n -> hosts.of(n).engine().list(n)
      .recover(err -> {
        LOG.warning("reconcile: node " + n + " did not list its containers (" + err.getMessage() + "); left as it is");
        errors.add(err);
        return Future.succeededFuture(null);
      })).toList();
    return Future.all(lists).compose(all -> {
      if (errors.size() == nodes.size() && !errors.isEmpty()) {
        return Future.failedFuture(errors.get(0));  // no engine answered: the caller tries again later
      }
      List<Container> containers = new ArrayList<>();
      Set<String> listed = new HashSet<>();
      for (int i = 0; i < nodes.size(); i++) {
        List<Container> list = all.resultAt(i);
        if (list != null) {
          listed.add(nodes.get(i));
          containers.addAll(list);
        }
      }
      return withAssignments(containers).map(withPool -> new Listing(listed, withPool));
    }).compose(listing -> {
      List<Container> containers = listing.containers();
      Pass pass = apply(containers);
      for (List<Route> function : routes.snapshot().values()) {
        function.stream().filter(r -> listing.nodes().contains(r.node()) && !pass.routed.contains(r.instance()))
          .forEach(r -> routes.remove(r.function(), r.instance()));
      }
      functions.everything().forEach(fs -> {
        int count = pass.adopted.getOrDefault(fs.name(), 0);
        fs.scale(count > 0 ? count : fs.record().spec().scaling().min() == 0 ? 0 : -1);
      });
      pass.watch();
      Set<String> present = new HashSet<>();
      containers.forEach(ct -> present.add(ct.label(Names.Label.INSTANCE)));
      return removed(pass).compose(v -> Future.join(listing.nodes().stream().map(n -> sweep(hosts.of(n), present))
        .toList()).<Void>mapEmpty());
    }).onSuccess(v -> functions.everything().forEach(converger::converge));
  }

  /**
   * Reconciles the containers of a node that joined (or came back) after {@link #reconcile()}: those
   * no instance claims yet are decided as at start ({@link ReconcilePlan}): the instances of the
   * current settings (and of a version a split serves) that still run are adopted (health re-checked,
   * routed again, counted by the placement), the others (deleted or stopped functions, stale
   * versions no request uses, dead containers) removed; routes to this node's instances that no
   * instance claims are taken out. A function that had no live instance takes what it adopted as its
   * scale (the leader found it empty only because the node was away); any other keeps its scale, so
   * the converger stops its surplus (the replacements started while the node was away), keeping
   * instances spread over the nodes ({@link Converger}). Completes when the removals are done.
   *
   * @param leading whether this controller still leads: checked once the node's containers are
   *                listed, so that one that stepped down meanwhile changes nothing
   */
  public Future<Void> join(String node, BooleanSupplier leading) {
    if (hosts.local().node().equals(node) || !leading.getAsBoolean()) {
      return Future.succeededFuture();  // this node's own (and its pool's) were reconciled at start
    }
    Host host = hosts.of(node);
    return host.engine().list(node).compose(containers -> {
      if (!leading.getAsBoolean()) {
        return Future.succeededFuture();
      }
      List<Container> unclaimed = containers.stream().filter(c -> !claimed(c.label(Names.Label.INSTANCE))).toList();
      Map<String, Long> liveBefore = new HashMap<>();
      functions.everything().forEach(fs -> liveBefore.put(fs.name(),
        fs.instances().stream().filter(Instance::isLive).count()));
      Pass pass = apply(unclaimed);
      for (List<Route> function : routes.snapshot().values()) {
        function.stream().filter(r -> node.equals(r.node()) && !claimed(r.instance()))
          .forEach(r -> routes.remove(r.function(), r.instance()));
      }
      pass.adopted.forEach((name, count) -> {
        FunctionState fs = functions.find(name);
        if (fs != null && liveBefore.getOrDefault(name, 0L) == 0 && fs.scale() < count) {
          fs.scale(count);
        }
      });
      pass.watch();
      if (!pass.adopted.isEmpty()) {
        LOG.info(() -> "node " + node + " joined: adopted its instances of " + pass.adopted);
      }
      pass.adopted.keySet().stream().map(functions::find).filter(java.util.Objects::nonNull)
        .forEach(converger::converge);
      return removed(pass);
    });
  }

  /** Whether an instance of the registry (a function's or a unit's) is {@code id}. */
  private boolean claimed(String id) {
    return id != null && functions.everything().stream().anyMatch(fs -> fs.instance(id) != null);
  }

  /** What one pass over some containers did: the instances routed and adopted, the removals under way. */
  private static final class Pass {
    private final Set<String> routed = new HashSet<>();
    /** Adopted instances by function or unit name. */
    private final Map<String, Integer> adopted = new TreeMap<>();
    private final List<Future<Void>> removals = new ArrayList<>();
    /** The adopted running instances whose health is re-checked (then routed) once the pass's routes are tidied. */
    private final List<Runnable> checks = new ArrayList<>();

    private void watch() {
      checks.forEach(Runnable::run);
      checks.clear();
    }
  }

  /** Adopts or removes each of {@code containers} as {@link ReconcilePlan} decides, against the registry and routes now. */
  private Pass apply(List<Container> containers) {
    Map<String, FunctionRecord> registry = new TreeMap<>();
    functions.all().forEach(fs -> registry.put(fs.name(), fs.record()));
    Map<String, String> inTable = new HashMap<>();
    routes.snapshot().values().forEach(function -> function.forEach(r -> inTable.put(r.instance(), r.function())));
    Pass pass = new Pass();
    for (ReconcilePlan.Decision d : ReconcilePlan.decide(registry, containers, inTable)) {
      Container container = d.container();
      String instanceId = container.label(Names.Label.INSTANCE);
      if (d.adopt()) {
        if (!container.paused()) {
          pass.routed.add(instanceId);
        }
        String function = container.label(Names.Label.FUNCTION);
        FunctionState fs = d.verdict() == ReconcilePlan.Verdict.UNIT
          ? functions.unit(TrafficSplit.unitKey(function, version(container))) : functions.get(function);
        pass.adopted.merge(fs.name(), 1, Integer::sum);
        if (d.verdict() == ReconcilePlan.Verdict.RETIRING) {
          retire(fs, container);
        } else {
          adopt(fs, container, pass);
        }
      } else {
        LOG.info(() -> "removing container " + container.name() + ": " + d.verdict().name().toLowerCase());
        Host host = hosts.of(container.label(Names.Label.NODE));
        Future<Void> removed = host.engine().remove(container.id());
        Future<Void> done = instanceId == null ? removed : removed.compose(v -> host.dirs().delete(instanceId));
        if (container.label(Names.Label.FUNCTION) != null) {
          pass.removals.add(done);
        } else {  // an unassigned pool container goes in the background: nothing waits for it
          done.onFailure(err -> LOG.warning("could not remove " + container.name() + ": " + err.getMessage()));
        }
      }
    }
    return pass;
  }

  /** Completes when the pass's removals are done; never fails (a removal that failed is logged). */
  private static Future<Void> removed(Pass pass) {
    return Future.join(pass.removals).<Void>mapEmpty().recover(err -> {
      LOG.warning("some containers could not be removed: " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** The nodes that answered and their containers. */
  private record Listing(Set<String> nodes, List<Container> containers) {
  }

  /**
   * Deletes the socket (and code) folders of instances that have no container on this node any
   * more (a failed start or specialization, a controller killed half-way); before any instance
   * or pool container is started, so only dead ones are touched. Never fails.
   */
  private Future<Void> sweep(Host host, Set<String> present) {
    return host.dirs().instances().compose(ids -> {
      List<Future<Void>> deletions = new ArrayList<>();
      for (String id : ids) {
        if (!present.contains(id) && functions.everything().stream().noneMatch(fs -> fs.instance(id) != null)) {
          LOG.info(() -> "removing the socket folder of instance " + id + ": it has no container");
          deletions.add(host.dirs().delete(id));
        }
      }
      return Future.join(deletions).<Void>mapEmpty();
    }).recover(err -> {
      LOG.warning("could not sweep the socket folders: " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Pool containers carry no function labels: those that were assigned get them from their assignment file. */
  private Future<List<Container>> withAssignments(List<Container> containers) {
    List<Future<Container>> out = new ArrayList<>();
    for (Container ct : containers) {
      String id = ct.label(Names.Label.INSTANCE);
      if (pool == null || ct.label(Names.Label.POOL) == null || id == null || id.isBlank()
          || !hosts.local().node().equals(ct.label(Names.Label.NODE))) {
        out.add(Future.succeededFuture(ct));
      } else {
        out.add(pool.readAssignment(hosts.local().dirs().codeFolder(id)).map(a -> a == null ? ct
          : new Container(ct.id(), ct.name(), PoolSpecs.assignedLabels(ct.labels(), a), ct.running(), ct.paused()))
          .otherwise(ct));
      }
    }
    return Future.all(out).map(all -> all.<Container>list());
  }

  /**
   * Keeps an instance of older settings that still serves as a ready one, as it was (its route
   * stays, its health is not probed again with the current settings' health path): the converger's
   * rolling update stops it once enough current instances are ready.
   */
  private void retire(FunctionState fs, Container container) {
    String id = container.label(Names.Label.INSTANCE);
    String node = container.label(Names.Label.NODE);
    String fingerprint = container.label(Names.Label.CONFIG);
    LOG.info(() -> "keeping container " + container.name() + " of older settings until the current ones are ready");
    Instance instance = new Instance(id, fs.name(), version(container), fingerprint == null ? "" : fingerprint, node,
      hosts.of(node).dirs().socket(id), fs.record().spec().limits());
    instance.containerId(container.id());
    instance.activeSince(scheduler.now());
    instance.state(Instance.State.READY);
    fs.add(instance);
    status.instance(instance, null);
  }

  private static long version(Container container) {
    try {
      return Long.parseLong(container.label(Names.Label.VERSION));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void adopt(FunctionState fs, Container container, Pass pass) {
    FunctionRecord record = fs.record();
    String id = container.label(Names.Label.INSTANCE);
    String node = container.label(Names.Label.NODE);
    Instance instance = new Instance(id, fs.name(), record.spec().version(),
      InstanceSpecs.fingerprint(record.spec()), node, hosts.of(node).dirs().socket(id), record.spec().limits());
    instance.containerId(container.id());
    instance.activeSince(scheduler.now());
    instance.adopted(true);
    fs.add(instance);
    if (container.paused()) {
      instance.state(Instance.State.PAUSED);
      instance.frozen(true);
      status.instance(instance, null);
      return;
    }
    status.instance(instance, null);
    pass.checks.add(() -> launcher.watch(fs, instance));
  }
}
