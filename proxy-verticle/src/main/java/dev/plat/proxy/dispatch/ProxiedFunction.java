package dev.plat.proxy.dispatch;

import dev.plat.proxy.upstream.Upstream;

import dev.plat.cluster.Names;
import dev.plat.cluster.Route;
import dev.plat.cluster.api.PlatError;
import dev.plat.proxy.FunctionStats;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One function as this proxy serves it: its pool of instances (rebuilt when the route snapshot
 * changes), its waiting invocations, its counters and its single in-flight activation.
 * Thread-safe: invocations of one function arrive on every event loop.
 */
final class ProxiedFunction {
  private static final Logger LOG = Logger.getLogger(ProxiedFunction.class.getName());
  /** How long an activation looks for a leading controller at most (a takeover takes 1-3 s). */
  private static final long LEADERLESS_GRACE_MS = 5_000;
  /** The pause between two activation requests that found no leader. */
  private static final long LEADERLESS_RETRY_MS = 200;
  final String name;
  /** {@code /function/{name}}: the path prefix on another node's proxy port. */
  final String remotePrefix;
  private final ProxyCore core;
  private final Queue<Invocation> waiting = new ConcurrentLinkedQueue<>();
  /** Longest wait of a request forwarded here for this node's instance while this node's table shows none. */
  static final long LOCAL_ROUTE_WAIT_MS = 2_000;
  final AtomicInteger queued = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicLong requests = new AtomicLong();
  private final AtomicBoolean activating = new AtomicBoolean();
  final ProxyMetrics.Meters meters;
  /** Set when the controller said the function does not exist; a fresh state replaces this one. */
  volatile boolean retired;
  private volatile InstanceSet pool;
  /** The route snapshot {@link #pool} was built from (the pool may hold one activated route more). */
  private volatile List<Route> seen;
  /** The pool holds an activated route the snapshot did not have: the next snapshot change drops it. */
  private boolean provisional;

  ProxiedFunction(ProxyCore core, String name) {
    this.core = core;
    this.name = name;
    this.remotePrefix = "/function/" + name;
    this.meters = core.metrics.function(name);
    this.seen = core.routes.routes(name);
    this.pool = InstanceSet.of(seen, null, core.nodeId, core.options.getDefaultTimeoutMs(), core.connections.loops());
  }

  /** The current pool; rebuilt here when the route snapshot of the function changed. */
  InstanceSet pool() {
    InstanceSet p = pool;
    List<Route> routes = core.routes.routes(name);
    if (routes != seen) {
      synchronized (this) {
        p = pool;
        if (routes != seen) {
          p = InstanceSet.of(routes, p, core.nodeId, core.options.getDefaultTimeoutMs(), core.connections.loops());
          pool = p;
          seen = routes;
        }
      }
    }
    return p;
  }

  /**
   * Any snapshot change delivered after an activated route was added rebuilds the pool from the
   * snapshot: the route is there by then, or was taken out again (identity of the snapshot's
   * lists cannot tell: an empty list is always the same one).
   */
  private synchronized void dropActivated() {
    if (provisional) {
      List<Route> routes = core.routes.routes(name);
      pool = InstanceSet.of(routes, pool, core.nodeId, core.options.getDefaultTimeoutMs(), core.connections.loops());
      seen = routes;
      provisional = false;
    }
  }

  /**
   * The controller activated the instance of {@code route}: it serves from now on, before the route
   * reaches this node's snapshot (the snapshot's next change replaces it).
   */
  private synchronized void activated(Route route) {
    InstanceSet p = pool();
    if (p.source.stream().noneMatch(r -> r.instance().equals(route.instance()))) {
      List<Route> with = new ArrayList<>(p.source);
      with.add(route);
      pool = InstanceSet.of(with, p, core.nodeId, core.options.getDefaultTimeoutMs(), core.connections.loops());
      provisional = true;
    }
  }

  /** Sends {@code inv} to an instance now, or queues it, or refuses it. */
  void dispatch(Invocation inv) {
    InstanceSet p = pool();
    if (!p.hasCandidates(inv.localOnly)) {
      if (inv.localOnly) {
        // forwarded here for an instance this node's table may not show yet (an activation's route
        // reaches the node that asked before it reaches this one): it waits a moment for the route
        enqueue(inv, Invocation.Wait.LOCAL_ROUTE, Math.min(LOCAL_ROUTE_WAIT_MS, core.options.getActivationTimeoutMs()));
      } else {
        enqueue(inv, Invocation.Wait.ACTIVATION, core.options.getActivationTimeoutMs());
      }
      return;
    }
    if (queued.get() == 0) {
      Upstream u = p.acquire(inv.localOnly, inv.excluded, core.ejector);
      if (u != null) {
        inFlight.incrementAndGet();
        inv.send(u, p.timeoutMs);
        return;
      }
      if (p.allExcluded(inv.localOnly, inv.excluded)) {
        refusedEverywhere(inv);
        return;
      }
    }
    enqueue(inv, Invocation.Wait.INSTANCE, p.timeoutMs);
  }

  /**
   * Every instance {@code inv} tried refused its connection. On the node that took the request it
   * waits, up to the activation timeout from the first such refusal, for the routes to change: a
   * dead node's routes are taken out within a second or two, and the activation it asks for resumes
   * a paused instance or starts one (as Knative's activator holds requests while there is no
   * endpoint). A request forwarded here for this node's instances fails at once: the node that
   * forwarded it chooses again.
   */
  void refusedEverywhere(Invocation inv) {
    long left = inv.localOnly ? 0 : inv.reachableWaitLeftMs(core.options.getActivationTimeoutMs());
    if (left <= 0) {
      inv.fail(inv.unreachable());
      return;
    }
    enqueue(inv, Invocation.Wait.REACHABLE, left);
  }

  private void enqueue(Invocation inv, Invocation.Wait why, long waitMs) {
    if (queued.incrementAndGet() > core.options.getQueueSize()) {
      queued.decrementAndGet();
      inv.rejectBusy();
      return;
    }
    boolean cold = why == Invocation.Wait.ACTIVATION || why == Invocation.Wait.REACHABLE;
    inv.waitFor(waitMs, why);
    waiting.add(inv);
    if (retired) {
      if (inv.cancelWait()) {
        abandoned(inv);
        inv.fail(notFound());
      }
      return;
    }
    if (cold) {
      activate();
    }
    drain();
  }

  /** A waiting invocation that gave up (timeout, client gone): it is no longer queued. */
  void abandoned(Invocation inv) {
    queued.decrementAndGet();
    waiting.remove(inv);
  }

  /** An invocation sent to {@code u} finished: frees its slot and serves the next waiting one. */
  void release(Upstream u) {
    u.release();
    inFlight.decrementAndGet();
    if (queued.get() > 0) {
      drain();
    }
  }

  /** Serves waiting invocations in order while instances have free slots. */
  void drain() {
    InstanceSet p = pool();
    if (!p.hasCandidates(false)) {
      return;
    }
    Invocation head;
    while ((head = waiting.peek()) != null) {
      if (!head.isWaiting()) {
        waiting.remove(head);
        continue;
      }
      Upstream u = p.acquire(head.localOnly, head.excluded, core.ejector);
      if (u == null) {
        // every instance is full, or every one refused this invocation: it waits for a slot, or for
        // the routes to change (routesChanged drains again), or for its timer
        return;
      }
      if (head.claim()) {
        waiting.remove(head);
        queued.decrementAndGet();
        inFlight.incrementAndGet();
        head.sendOnContext(u, p.timeoutMs);
      } else {
        u.release();
      }
    }
  }

  /** The route snapshot changed: waiting invocations go to new instances, or an activation starts. */
  void routesChanged() {
    dropActivated();
    if (queued.get() == 0) {
      return;
    }
    if (pool().hasCandidates(false)) {
      drain();
    } else {
      activate();
    }
  }

  /** Asks the controller for an instance unless an activation is already in flight. */
  void activate() {
    if (!activating.compareAndSet(false, true)) {
      return;
    }
    meters.coldStart();
    requestActivation(System.nanoTime());
  }

  /**
   * Sends the activation request; one that finds no controller (no leader: one is taking over
   * after the last one died) or one that no longer leads is sent again every
   * {@link #LEADERLESS_RETRY_MS} for half the activation timeout, at most 5 s, while requests wait.
   */
  private void requestActivation(long since) {
    long timeoutMs = core.options.getActivationTimeoutMs();
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeoutMs);
    core.vertx.eventBus().request(Names.Address.ACTIVATE, new JsonObject().put("function", name), delivery)
      .onComplete(ar -> {
        long graceNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(LEADERLESS_GRACE_MS, timeoutMs / 2));
        if (ar.failed() && leaderless(ar.cause()) && !waiting.isEmpty()
            && System.nanoTime() - since + TimeUnit.MILLISECONDS.toNanos(LEADERLESS_RETRY_MS) < graceNanos) {
          core.vertx.setTimer(LEADERLESS_RETRY_MS, id -> requestActivation(since));
          return;
        }
        activating.set(false);
        if (ar.succeeded()) {
          if (ar.result().body() instanceof JsonObject reply && reply.getJsonObject("route") != null) {
            activated(new Route(reply.getJsonObject("route")));
          }
          drain();
        } else {
          activationFailed(ar.cause());
        }
      });
  }

  /** No controller answers activations now, or the one asked no longer leads. */
  private static boolean leaderless(Throwable cause) {
    return cause instanceof ReplyException r && (r.failureType() == ReplyFailure.NO_HANDLERS
      || r.failureType() == ReplyFailure.RECIPIENT_FAILURE && r.failureCode() == 503
      && String.valueOf(r.getMessage()).contains("not_leader"));
  }

  private void activationFailed(Throwable cause) {
    PlatError error;
    if (cause instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) {
      error = activationTimeout();
    } else {
      error = PlatError.from(cause);
      if (error.status() >= 500 && "internal".equals(error.code())) {
        // a failure nobody described: its text may be a Java exception's, which callers never see
        LOG.log(Level.WARNING, "activation of function " + name + " failed", cause);
        error = new PlatError(500, "internal", "the activation of function '" + name
          + "' failed; the node's log has the details");
      }
    }
    if (error.status() == 404) {
      error = notFound();
      if (pool().upstreams.length == 0 && inFlight.get() == 0) {
        retired = true;
        core.retire(this);
      }
    }
    if (pool().hasCandidates(false)) {
      drain();
      return;
    }
    Invocation inv;
    while ((inv = waiting.poll()) != null) {
      if (inv.cancelWait()) {
        queued.decrementAndGet();
        inv.failOnContext(error);
      }
    }
  }

  PlatError activationTimeout() {
    return PlatError.unavailable("activation_timeout", "no instance of function '" + name
      + "' became ready within " + core.options.getActivationTimeoutMs() + " ms");
  }

  /** No instance of the function on this node for a request forwarded to it. */
  PlatError gone() {
    return new PlatError(502, "instance_gone", "no instance of function '" + name + "' on this node");
  }

  PlatError unreachable() {
    return new PlatError(502, "instance_unreachable", "no instance of function '" + name + "' accepted the connection");
  }

  private PlatError notFound() {
    return PlatError.notFound("function_not_found", "function '" + name + "' not found");
  }

  FunctionStats stats() {
    return new FunctionStats(inFlight.get(), queued.get(), requests.get(), meters.lastMinute());
  }
}
