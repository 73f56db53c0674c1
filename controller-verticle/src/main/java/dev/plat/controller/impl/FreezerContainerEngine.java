package dev.plat.controller.impl;

import dev.plat.controller.ContainerEngine;
import dev.plat.controller.impl.FreezerPaths.Target;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A {@link ContainerEngine} that pauses and resumes through the container's cgroup freezer (a
 * file write, well under a millisecond, where the Engine API takes 15-20 ms) and does everything
 * else through {@code engine}. Docker does not know about such a pause, so a frozen container is
 * thawed before it is stopped or removed and when the engine closes, and {@link #list} reports the
 * frozen ones as paused. Where the freezer cannot be written (no such pid on this host, no
 * permission), a pause falls back to the Engine API unless the freezer is {@code required}. The
 * files are read and written on a worker thread.
 *
 * <p>A freeze is held (and can be thawed) only once the kernel settled it, some time after the
 * freezer file says frozen, so {@link #close} first waits for the pauses (and lists) under way,
 * then thaws: a container whose freeze was still settling when the controller stopped is thawed
 * too. A closed engine freezes nothing more.
 */
final class FreezerContainerEngine extends ForwardingEngine {
  private static final Logger LOG = Logger.getLogger(FreezerContainerEngine.class.getName());

  private final Vertx vertx;
  private final Function<String, Future<Long>> mainPid;
  private final CgroupFreezer freezer;
  private final boolean required;
  /** Containers this engine froze (or found frozen), with their freezer. */
  private final Map<String, Target> frozen = new ConcurrentHashMap<>();
  /** The pauses and lists under way: each may still hold a container frozen. */
  private final Set<Future<?>> underWay = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param engine   the Engine API operations (and the fallback pause)
   * @param mainPid  a container's main process id on the host (0 when it does not run), e.g. from inspect
   * @param required {@code true}: a pause fails where the freezer cannot be used
   */
  public FreezerContainerEngine(Vertx vertx, ContainerEngine engine, Function<String, Future<Long>> mainPid,
                                CgroupFreezer freezer, boolean required) {
    super(engine);
    this.vertx = vertx;
    this.mainPid = mainPid;
    this.freezer = freezer;
    this.required = required;
  }

  /** Whether this engine holds {@code containerId} frozen through its freezer. */
  public boolean frozen(String containerId) {
    return frozen.containsKey(containerId);
  }

  /** Pauses, unless the engine is closed (then it fails and the container is left as it is). */
  @Override
  public Future<Void> pause(String containerId) {
    if (closed) {
      return closedFailure(containerId);
    }
    return underWay(locate(containerId).compose(target -> {
      if (closed) {
        return closedFailure(containerId);
      }
      if (target.isEmpty()) {
        return fallback(containerId, "its cgroup freezer is not writable from here");
      }
      return blocking(() -> {
        freezer.freeze(target.get());
        return null;
      }).<Void>map(v -> {
        frozen.put(containerId, target.get());
        return null;
      }).recover(err -> fallback(containerId, err.getMessage()));
    }));
  }

  private static Future<Void> closedFailure(String containerId) {
    return Future.failedFuture("not pausing container " + containerId + ": the controller is stopping");
  }

  /** Tracks {@code op} until it completes, so that {@link #close} can wait for it. */
  private <T> Future<T> underWay(Future<T> op) {
    underWay.add(op);
    op.onComplete(ar -> underWay.remove(op));
    return op;
  }

  private Future<Void> fallback(String containerId, String why) {
    if (closed) {
      return closedFailure(containerId);
    }
    if (required) {
      return Future.failedFuture("cannot freeze container " + containerId + " (pauseMode freezer): " + why);
    }
    LOG.fine(() -> "pausing " + containerId + " through the Engine API: " + why);
    return engine.pause(containerId);
  }

  @Override
  public Future<Void> unpause(String containerId) {
    Target target = frozen.get(containerId);
    if (target == null) {
      return engine.unpause(containerId);
    }
    return blocking(() -> {
      freezer.thaw(target);
      return null;
    }).onSuccess(v -> frozen.remove(containerId, target)).mapEmpty();
  }

  @Override
  public Future<Void> stop(String containerId, int timeoutSeconds) {
    return thawQuietly(containerId).compose(v -> engine.stop(containerId, timeoutSeconds));
  }

  @Override
  public Future<Void> remove(String containerId) {
    return thawQuietly(containerId).compose(v -> engine.remove(containerId));
  }

  /**
   * Thaws every container this engine holds frozen, so that Docker's view is right without Plat:
   * once the pauses under way are done (their freeze settled or undone), so none is missed.
   */
  @Override
  public Future<Void> close() {
    closed = true;
    return Future.join(List.copyOf(underWay))
      .transform(ar -> Future.join(frozen.keySet().stream().map(this::thawQuietly).toList()))
      .mapEmpty();
  }

  /** Thaws a container frozen here; a freezer that is gone (the container died) counts as thawed. */
  private Future<Void> thawQuietly(String containerId) {
    Target target = frozen.remove(containerId);
    if (target == null) {
      return Future.succeededFuture();
    }
    return blocking(() -> {
      freezer.thaw(target);
      return null;
    }).<Void>mapEmpty().recover(err -> {
      LOG.fine(() -> "thawing " + containerId + ": " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** The Engine API's list, with running containers whose freezer is frozen reported as paused (and held). */
  @Override
  public Future<List<Container>> list(String node) {
    return underWay(engine.list(node).compose(list -> Future.all(list.stream().map(this::withFreezerState).toList())
      .map(all -> all.<Container>list())));
  }

  private Future<Container> withFreezerState(Container c) {
    if (!c.running() || c.paused()) {
      return Future.succeededFuture(c);
    }
    return locate(c.id()).compose(target -> target.isEmpty() ? Future.succeededFuture(c)
        : blocking(() -> freezer.frozen(target.get())).map(isFrozen -> {
          if (!isFrozen) {
            return c;
          }
          frozen.put(c.id(), target.get());
          return new Container(c.id(), c.name(), c.labels(), true, true);
        }))
      .otherwise(c);
  }

  private Future<Optional<Target>> locate(String containerId) {
    return mainPid.apply(containerId).compose(pid -> blocking(() -> freezer.locate(containerId, pid)));
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  @Override
  public Future<Subscription> events(String node, Handler<Event> handler) {
    return engine.events(node, e -> {
      if ("destroy".equals(e.action())) {
        frozen.remove(e.containerId());
      }
      handler.handle(e);
    });
  }
}
