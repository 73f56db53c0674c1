package dev.plat.controller.impl;

import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * Deploys waiting for their build. A deploy reserves its version before asking the builder (so
 * concurrent deploys of a function get distinct versions), is matched with the builder's final
 * event on {@code plat.build.events} by build id (or by function and version when the event comes
 * before the builder's reply), and given up after a timeout.
 */
final class BuildWatcher {
  /** Final event types on the build events address. */
  public static final String DONE = Actions.Builder.EVENT_DONE;
  public static final String FAILED = Actions.Builder.EVENT_FAILED;

  private final Scheduler scheduler;
  private final long timeoutMs;
  private final List<Pending> pending = new ArrayList<>();
  /** Builds given up (timed out, function deleted) whose final event may still come: {@code function@version}, the latest few. */
  private final java.util.Deque<String> abandoned = new java.util.ArrayDeque<>();
  private static final int MAX_ABANDONED = 256;
  private java.util.function.Consumer<JsonObject> onLate = e -> { };
  private BiConsumer<Pending, JsonObject> onDone = (p, e) -> { };
  private BiConsumer<Pending, String> onFailed = (p, e) -> { };
  private BiFunction<Pending, Built, Future<Void>> onBuilt = (p, built) -> Future.succeededFuture();

  public BuildWatcher(Scheduler scheduler, long timeoutMs) {
    this.scheduler = scheduler;
    this.timeoutMs = timeoutMs;
  }

  /**
   * A watched build's image, built and about to be pushed: its id in the builder's dockerd and,
   * when the builder runs on this node, its build context file (else {@code null}).
   */
  public record Built(String imageId, Path context) {
  }

  /** A deploy waiting for its build. */
  public static final class Pending {
    private final FunctionSpec candidate;
    private String buildId;
    private long timer = -1;
    private JsonObject early;

    Pending(FunctionSpec candidate) {
      this.candidate = candidate;
    }

    /** The user's spec with the reserved version. */
    public FunctionSpec candidate() {
      return candidate;
    }

    public String buildId() {
      return buildId;
    }
  }

  /** Called with the {@code done} event (image, digest) of a watched build. */
  public void onDone(BiConsumer<Pending, JsonObject> handler) {
    this.onDone = handler;
  }

  /**
   * Called when a watched build's image is built and now pushed, the build may still fail: on its
   * {@code pushing} state event, and before that on the builder's context message when the builder
   * runs on this node ({@link #onContext}): then twice for one build, the first time with the context.
   * The handler's future completes once it no longer needs the context.
   */
  public void onBuilt(BiFunction<Pending, Built, Future<Void>> handler) {
    this.onBuilt = handler;
  }

  /** Called with the {@code done} event of a build given up before it ended (its image is nobody's). */
  public void onLate(java.util.function.Consumer<JsonObject> handler) {
    this.onLate = handler;
  }

  /** Called with the error of a watched build that failed or timed out. */
  public void onFailed(BiConsumer<Pending, String> handler) {
    this.onFailed = handler;
  }

  /** The next version of {@code function}: above the registered one and every reserved one. */
  public long nextVersion(String function, long registered) {
    long max = registered;
    for (Pending p : pending) {
      if (p.candidate.name().equals(function)) {
        max = Math.max(max, p.candidate.version());
      }
    }
    return max + 1;
  }

  /** Reserves {@code candidate.version()} until the build is accepted or released. */
  public Pending reserve(FunctionSpec candidate) {
    Pending p = new Pending(candidate);
    pending.add(p);
    return p;
  }

  /** The builder accepted the build: watch for its final event. */
  public void accepted(Pending p, String buildId) {
    p.buildId = buildId;
    p.timer = scheduler.schedule(timeoutMs, () -> {
      if (pending.contains(p)) {
        abandon(p);
      }
      finish(p, null, "the build did not finish within " + timeoutMs / 1000 + " s");
    });
    if (p.early != null) {
      onEvent(p.early);
    }
  }

  /** Forgets a reservation (the builder refused the build). */
  public void release(Pending p) {
    pending.remove(p);
  }

  /** Drops every watched build of {@code function} (it was deleted): their results are ignored. @return them */
  public List<Pending> cancel(String function) {
    List<Pending> dropped = new ArrayList<>(pending).stream().filter(p -> p.candidate.name().equals(function)).toList();
    dropped.forEach(p -> {
      pending.remove(p);
      abandon(p);
      if (p.timer >= 0) {
        scheduler.cancel(p.timer);
      }
    });
    return dropped;
  }

  /** Whether a deploy waits for build {@code buildId}. */
  public boolean watches(String buildId) {
    return pending.stream().anyMatch(p -> buildId.equals(p.buildId));
  }

  /** Handles one message of the build events address; progress and unknown builds are ignored. */
  public void onEvent(JsonObject event) {
    String type = event.getString("type");
    if (Actions.Builder.EVENT_STATE.equals(type) && "pushing".equals(event.getString("state"))
        && event.getString("imageId") != null) {
      Pending p = match(event);
      if (p != null && p.buildId != null) {
        onBuilt.apply(p, new Built(event.getString("imageId"), null));
      }
      return;
    }
    if (!DONE.equals(type) && !FAILED.equals(type)) {
      return;
    }
    Pending p = match(event);
    if (p == null) {
      if (DONE.equals(type) && abandoned.remove(event.getString("function") + "@" + version(event))) {
        onLate.accept(event);
      }
      return;
    }
    if (p.buildId == null) {
      p.early = event;
      return;
    }
    if (DONE.equals(type)) {
      finish(p, event, null);
    } else {
      finish(p, null, event.getString("error", "the build failed"));
    }
  }

  /**
   * Handles one message of {@link dev.plat.cluster.Names.Address#BUILD_CONTEXTS} (this node's
   * builder, before its {@code pushing} event): a watched build's image id and context file.
   *
   * @return completes (never fails) once the context is no longer needed: the builder deletes it then
   */
  public Future<Void> onContext(JsonObject message) {
    String imageId = message.getString("imageId");
    String context = message.getString("context");
    Pending p = imageId == null || context == null ? null : match(message);
    if (p == null || p.buildId == null) {
      return Future.succeededFuture();
    }
    return onBuilt.apply(p, new Built(imageId, Path.of(context))).otherwiseEmpty();
  }

  private void abandon(Pending p) {
    abandoned.addLast(p.candidate.name() + "@" + p.candidate.version());
    while (abandoned.size() > MAX_ABANDONED) {
      abandoned.removeFirst();
    }
  }

  /** An event's version: the builder sends it as text, a record read back may hold a number; null when neither. */
  static Long version(JsonObject event) {
    Object value = event.getValue("version");
    if (value instanceof Number n) {
      return n.longValue();
    }
    try {
      return value instanceof String s ? Long.valueOf(s) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Pending match(JsonObject event) {
    String buildId = event.getString("buildId", event.getString("id"));
    for (Pending p : pending) {
      if (buildId != null && buildId.equals(p.buildId)) {
        return p;
      }
    }
    String function = event.getString("function");
    Long version = version(event);
    for (Pending p : pending) {
      if (p.candidate.name().equals(function) && version != null && version == p.candidate.version()
          && (p.buildId == null || buildId == null)) {
        return p;
      }
    }
    return null;
  }

  private void finish(Pending p, JsonObject done, String error) {
    if (!pending.remove(p)) {
      return;
    }
    if (p.timer >= 0) {
      scheduler.cancel(p.timer);
    }
    if (done != null) {
      onDone.accept(p, done);
    } else {
      onFailed.accept(p, error);
    }
  }
}
