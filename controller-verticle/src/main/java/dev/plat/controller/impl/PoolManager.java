package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.ContainerEngine;
import dev.plat.controller.ControllerOptions;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.PoolBackend;
import dev.plat.controller.Scheduler;
import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps {@code poolSize} pre-started generic containers per pooled runtime ({@link PoolBackend#runtimes()}, from
 * each {@code runtime.json})
 * and turns one into an instance of a function on demand: its exported code staged into the
 * container's code folder, the assignment written to its socket folder, limits applied, the
 * container renamed and the shim told to load the function. Whoever takes a member refills the
 * pool in the background. Runs on the controller's context.
 */
final class PoolManager {
  private static final Logger LOG = Logger.getLogger(PoolManager.class.getName());
  /** Pause before trying again after a pool container failed to start. */
  static final long RETRY_MS = 5_000;
  /** How long a member specialized ahead and confirmed waits for its version's first instance. */
  static final long UNTAKEN_MS = 30_000;

  /** A started, healthy, unassigned pool container. */
  public record Member(String id, String runtime, String containerId) {
  }

  /**
   * What the pool reaches: this node (its containers run here), the clock and the options. Named
   * {@code c} so the methods read as before the wiring moved to the constructor.
   */
  private record Parts(Host local, Scheduler scheduler, ControllerOptions options) {
    ContainerEngine engine() {
      return local.engine();
    }

    SocketDirs dirs() {
      return local.dirs();
    }

    HealthProbe probe() {
      return local.probe();
    }

    String node() {
      return local.node();
    }
  }

  private final Parts c;
  private final PoolBackend backend;
  private final int size;
  private final Map<String, Deque<Member>> ready = new HashMap<>();
  private final Map<String, Integer> starting = new HashMap<>();
  private final Map<String, Member> byContainer = new HashMap<>();
  private final Map<String, String> images = new HashMap<>();
  /** Per function: the member specialized with a built version's code before that version was registered. */
  private final Map<String, Primed> primed = new HashMap<>();
  /** Per function: the newest version whose build ended ({@link #confirm}): too late to specialize a member ahead. */
  private final Map<String, Long> ended = new HashMap<>();
  /** Members handed out by {@link #takePrimed}, by member id: their specialization. */
  private final Map<String, Future<Void>> handed = new HashMap<>();

  /**
   * A member taken for {@code version} of a function built as {@code imageId}: specialized with the
   * early copy of its code ({@code ready}) while the image was pushed. It serves only once the
   * build's done event {@linkplain #confirm confirms} that image for that version.
   */
  private static final class Primed {
    final long version;
    final String imageId;
    final Member member;
    Future<Void> ready;
    boolean confirmed;

    Primed(long version, String imageId, Member member) {
      this.version = version;
      this.imageId = imageId;
      this.member = member;
    }
  }
  private boolean stopped;

  /** @param local this node: the pool's containers run on its engine, with its socket folders and probe */
  PoolManager(Host local, Scheduler scheduler, ControllerOptions options, PoolBackend backend, int size) {
    this.c = new Parts(local, scheduler, options);
    this.backend = backend;
    this.size = size;
  }

  /** Builds each pooled runtime's image, then fills the pool; failures are logged, the pool stays empty. */
  public Future<Void> start() {
    if (size <= 0) {
      return Future.succeededFuture();
    }
    return Future.join(backend.runtimes().names().stream().map(runtime -> backend.runtimeImage(runtime)
      .onSuccess(image -> {
        images.put(runtime, image);
        fill(runtime);
      })
      .onFailure(err -> LOG.warning("pool: no " + runtime + " image, cold starts start containers: " + err.getMessage()))
    ).toList()).mapEmpty();
  }

  /** Stops refilling (the containers stay; the next controller replaces them). */
  public void stop() {
    stopped = true;
  }

  /** How many ready members {@code runtime} has now. */
  public int available(String runtime) {
    return ready.getOrDefault(runtime, new ArrayDeque<>()).size();
  }

  /** Starts members until {@code runtime} has {@code poolSize} ready or starting. */
  public void fill(String runtime) {
    String image = images.get(runtime);
    if (stopped || image == null) {
      return;
    }
    while (available(runtime) + starting.getOrDefault(runtime, 0) < size) {
      starting.merge(runtime, 1, Integer::sum);
      startMember(runtime, image).onComplete(ar -> {
        starting.merge(runtime, -1, Integer::sum);
        if (ar.succeeded()) {
          ready.computeIfAbsent(runtime, r -> new ArrayDeque<>()).add(ar.result());
          byContainer.put(ar.result().containerId(), ar.result());
        } else {
          LOG.warning("pool: a " + runtime + " container did not start: " + ar.cause().getMessage());
          c.scheduler().schedule(RETRY_MS, () -> fill(runtime));
        }
      });
    }
  }

  private Future<Member> startMember(String runtime, String image) {
    String id = InstanceSpecs.newInstanceId();
    String codeFolder = c.dirs().codeFolder(id);
    int drain = c.options().drainSeconds(PoolSpecs.LIMITS.timeoutSeconds());
    return c.dirs().create(id)
      .compose(folder -> backend.createCodeFolder(codeFolder)
        .compose(v -> c.engine().run(PoolSpecs.container(image, runtime, id, c.node(), folder, codeFolder, drain))))
      .compose(containerId -> c.probe().awaitReady(c.dirs().socket(id), containerId, c.options().getStartTimeoutMs(), () -> !stopped)
        .map(v -> new Member(id, runtime, containerId))
        .recover(err -> c.engine().remove(containerId).transform(ignored -> Future.failedFuture(err))))
      .recover(err -> c.dirs().delete(id).transform(ignored -> Future.failedFuture(err)));
  }

  /**
   * A ready member for an instance of {@code spec}, or {@code null} when the pool cannot serve it
   * (runtime without a pool, a network, code not exported yet: its export starts, empty pool).
   * The pool refills in the background.
   */
  public Member take(FunctionSpec spec) {
    if (size <= 0 || !poolable(spec)) {
      return null;
    }
    if (!backend.exported(spec)) {
      prepare(spec);
      return null;
    }
    Deque<Member> members = ready.get(spec.runtime());
    Member m = members == null ? null : members.poll();
    if (m != null) {
      byContainer.remove(m.containerId());
      fill(spec.runtime());
    }
    return m;
  }

  /** Exports the code of {@code spec} in the background, so that its next instances may come from the pool. */
  public void prepare(FunctionSpec spec) {
    if (size > 0 && poolable(spec) && !backend.exported(spec)) {
      backend.export(spec).onFailure(err -> LOG.log(Level.WARNING, "pool: could not export the code of "
        + spec.name() + " v" + spec.version() + "; its instances start containers", err));
    }
  }

  /**
   * The image of {@code candidate} (its version reserved, not registered yet) is built as
   * {@code imageId} in this node's dockerd and being pushed: its code is read now, so that the
   * version's first instance is specialized as soon as it is registered (see
   * {@link PoolBackend#exportEarly}), from {@code context} when the builder ran here (else null).
   * Nothing when the pool cannot serve the function; once per image when called again.
   *
   * @return completes (never fails) once the copy is read, or not to be: {@code context} is no longer needed
   */
  public Future<Void> exportEarly(FunctionSpec candidate, String imageId, java.nio.file.Path context) {
    if (size <= 0 || !backend.runtimes().pooled(candidate.runtime())
        || !candidate.secretsUsed().isEmpty()
        || !(candidate.network() == null || candidate.network().isBlank()
        || InstanceSpecs.NO_NETWORK.equals(candidate.network()))) {
      return Future.succeededFuture();
    }
    return backend.exportEarly(candidate, imageId, context)
      .onSuccess(v -> prime(candidate, imageId))
      .onFailure(err -> LOG.fine(() -> "pool: no early copy of "
        + candidate.name() + " v" + candidate.version() + ": " + err.getMessage()))
      .otherwiseEmpty();
  }

  /**
   * Specializes a ready member with the early copy of {@code candidate}'s code (not routed, no
   * function's instance yet): the version's first instance then only has to be confirmed. Without
   * a ready member, nothing. The member's replacement starts once it is taken or discarded, not
   * now: a container start would compete with the push for this node's CPU and dockerd.
   */
  private void prime(FunctionSpec candidate, String imageId) {
    if (ended.getOrDefault(candidate.name(), 0L) >= candidate.version()) {
      return; // the build is done: the version's first instance takes a member the usual way
    }
    Primed already = primed.get(candidate.name());
    if (already != null && already.version == candidate.version() && already.imageId.equals(imageId)) {
      return; // primed on the builder's first word about this image
    }
    Deque<Member> members = ready.get(candidate.runtime());
    Member m = stopped || members == null ? null : members.poll();
    if (m == null) {
      return;
    }
    byContainer.remove(m.containerId());
    discardPrimed(candidate.name());
    Primed p = new Primed(candidate.version(), imageId, m);
    primed.put(candidate.name(), p);
    String folder = c.dirs().codeFolder(m.id());
    p.ready = backend.stageEarly(candidate, imageId, folder)
      .compose(v -> backend.writeAssignment(folder, PoolSpecs.assignment(candidate, m.id())))
      .compose(v -> Future.all(List.of(limits(candidate, m), backend.specialize(c.dirs().socket(m.id()), m.containerId()),
        backend.rename(m.containerId(), InstanceSpecs.containerName(candidate.name(), m.id())))))
      .<Void>mapEmpty()
      .onFailure(err -> {
        LOG.info(() -> "pool: " + m.id() + " not specialized ahead as " + candidate.name() + " v" + candidate.version()
          + ": " + err.getMessage());
        if (primed.remove(candidate.name(), p)) {
          removeMember(m);
          fill(m.runtime());
        }
      });
  }

  /**
   * The build of {@code version} of {@code function} ended: {@code imageId} is its image
   * ({@code null}: it failed). A member specialized ahead for another image or an older version is
   * removed; one for this image may now serve the version ({@link #takePrimed}).
   */
  public void confirm(String function, long version, String imageId) {
    ended.merge(function, version, Math::max);
    Primed p = primed.get(function);
    if (p == null) {
      return;
    }
    if (p.version == version && p.imageId.equals(imageId)) {
      p.confirmed = true;
      // not taken by then (the version was not registered, or its instance went to another node): removed
      c.scheduler().schedule(UNTAKEN_MS, () -> {
        if (primed.get(function) == p) {
          discardPrimed(function);
        }
      });
    } else if (p.version <= version) {
      discardPrimed(function);
    }
  }

  /**
   * The member specialized ahead for {@code spec}'s version, when its build confirmed it; {@code null}
   * otherwise. The caller then calls {@link #finishPrimed}.
   */
  public Member takePrimed(FunctionSpec spec) {
    Primed p = primed.get(spec.name());
    if (p != null && p.version < spec.version()) {
      discardPrimed(spec.name()); // its version was not registered (a conflict, a later build won)
    }
    if (p == null || !p.confirmed || p.version != spec.version()) {
      return null;
    }
    primed.remove(spec.name());
    handed.put(p.member.id(), p.ready);
    return p.member;
  }

  /** Makes member {@code m} (from {@link #takePrimed}) {@code instance} of {@code spec}; @return its container id. */
  public Future<String> finishPrimed(FunctionSpec spec, Instance instance, Member m) {
    Future<Void> specialized = handed.remove(m.id());
    return (specialized == null ? Future.<Void>failedFuture("not specialized ahead") : specialized).compose(v -> backend.writeAssignment(c.dirs().codeFolder(m.id()), PoolSpecs.assignment(spec, instance.id())))
      .map(v -> {
        LOG.info(() -> "pool: " + m.id() + " was specialized as " + spec.name() + " v" + spec.version() + " while its image was pushed");
        return m.containerId();
      })
      .onComplete(ar -> fill(m.runtime()));
  }

  private void discardPrimed(String function) {
    Primed p = primed.remove(function);
    if (p != null) {
      (p.ready == null ? Future.succeededFuture() : p.ready).onComplete(ar -> removeMember(p.member));
      fill(p.member.runtime());
    }
  }

  private void removeMember(Member m) {
    c.engine().remove(m.containerId()).transform(ignored -> c.dirs().delete(m.id()));
  }

  private Future<Void> limits(FunctionSpec spec, Member m) {
    return spec.limits().memoryMb() == PoolSpecs.LIMITS.memoryMb()
      && spec.limits().cpus() == PoolSpecs.LIMITS.cpus() && spec.limits().pids() == PoolSpecs.LIMITS.pids()
      ? Future.succeededFuture() : backend.update(m.containerId(), PoolSpecs.resources(spec.limits()));
  }

  /**
   * Completes once {@code spec}'s code is exported when the pool has a container for it (so that
   * its next instance is specialized), or after {@code maxWaitMs}; at once when the pool cannot
   * serve it. Never fails.
   */
  public Future<Void> ready(FunctionSpec spec, long maxWaitMs) {
    if (size <= 0 || !poolable(spec) || backend.exported(spec) || available(spec.runtime()) == 0) {
      prepare(spec);
      return Future.succeededFuture();
    }
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    long timer = c.scheduler().schedule(maxWaitMs, done::tryComplete);
    backend.export(spec).onComplete(ar -> {
      c.scheduler().cancel(timer);
      if (ar.failed()) {
        LOG.warning("pool: could not export the code of " + spec.name() + " v" + spec.version() + ": "
          + ar.cause().getMessage());
      }
      done.tryComplete();
    });
    return done.future();
  }

  private boolean poolable(FunctionSpec spec) {
    return PoolSpecs.poolable(spec, backend.runtimes());
  }

  /** Forgets the exported code of a deleted function. */
  public Future<Void> forget(String function) {
    discardPrimed(function);
    ended.remove(function);
    return backend.forget(function).recover(err -> Future.succeededFuture());
  }

  /**
   * Turns member {@code m} into {@code instance} of {@code spec}; @return its container id. On
   * failure the member's container is left for the caller to remove.
   */
  public Future<String> specialize(FunctionSpec spec, Instance instance, Member m) {
    long t0 = c.scheduler().now();
    Future<Void> limits = spec.limits().memoryMb() == PoolSpecs.LIMITS.memoryMb()
      && spec.limits().cpus() == PoolSpecs.LIMITS.cpus() && spec.limits().pids() == PoolSpecs.LIMITS.pids()
      ? Future.succeededFuture() : backend.update(m.containerId(), PoolSpecs.resources(spec.limits()));
    return backend.stage(spec, c.dirs().codeFolder(m.id()))
      .compose(v -> backend.writeAssignment(c.dirs().codeFolder(m.id()), PoolSpecs.assignment(spec, instance.id())))
      .compose(v -> Future.all(List.of(limits, backend.specialize(c.dirs().socket(m.id()), m.containerId()),
        backend.rename(m.containerId(), InstanceSpecs.containerName(spec.name(), instance.id())))))
      .map(v -> {
        LOG.info(() -> "pool: " + m.id() + " specialized as " + spec.name() + " in " + (c.scheduler().now() - t0) + " ms");
        return m.containerId();
      });
  }

  /**
   * A container event of this node that no function instance claimed: a ready member that died or
   * was removed leaves the pool, which refills. @return whether it was a member.
   */
  public boolean onEvent(ContainerEngine.Event event) {
    if (event.label(Names.Label.POOL) == null) {
      return false;
    }
    Member m = byContainer.remove(event.containerId());
    if (m == null) {
      return false;
    }
    Deque<Member> members = ready.get(m.runtime());
    if (members != null) {
      members.remove(m);
    }
    LOG.info(() -> "pool: container " + m.id() + " " + event.action() + "; replacing it");
    c.engine().remove(m.containerId()).transform(ignored -> c.dirs().delete(m.id()))
      .onComplete(ar -> fill(m.runtime()));
    return true;
  }
}
