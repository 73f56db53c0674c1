package dev.plat.builder.impl;

import dev.plat.cluster.api.Actions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The builds of this builder, in memory, and the events they publish: every state change and log
 * line goes to {@code publisher} as it happens, in {@code seq} order (see {@link Actions.Builder}
 * for the event format), the last event being {@code done} or {@code failed}. Keeps the last
 * {@code logLines} lines of each build and forgets the oldest finished builds beyond
 * {@code keepBuilds}. Thread-safe; the publisher is called under the registry's lock.
 */
public final class BuildRegistry {
  /** Lines of log in a failed event's {@code logTail}. */
  public static final int TAIL_LINES = 30;

  private final Consumer<JsonObject> publisher;
  private final int logLines;
  private final int keepBuilds;
  private final Clock clock;
  private final Map<String, BuildRecord> builds = new LinkedHashMap<>();

  public BuildRegistry(Consumer<JsonObject> publisher, int logLines, int keepBuilds, Clock clock) {
    this.publisher = publisher;
    this.logLines = logLines;
    this.keepBuilds = keepBuilds;
    this.clock = clock;
  }

  /** Registers a queued build and publishes its {@code queued} state; @return its id. */
  public synchronized String create(String function, String version, String runtime, String sha256) {
    String id = function + "-" + version + "-" + UUID.randomUUID().toString().substring(0, 8);
    BuildRecord build = new BuildRecord(id, function, version, runtime, sha256, clock.instant());
    builds.put(id, build);
    publisher.accept(build.event(Actions.Builder.EVENT_STATE).put("runtime", build.runtime).put("state", build.state.id()));
    forgetOldBuilds();
    return id;
  }

  /** The build as {@code get} answers it, with the log lines after {@code since}. */
  public synchronized Optional<JsonObject> get(String id, long since) {
    BuildRecord build = builds.get(id);
    return build == null ? Optional.empty() : Optional.of(build.toJson(since, TAIL_LINES));
  }

  /** The build's state, if it is known. */
  public synchronized Optional<BuildState> state(String id) {
    return Optional.ofNullable(builds.get(id)).map(b -> b.state);
  }

  /** Records and publishes a line of output (ignored once the build is finished). */
  public synchronized void log(String id, String line) {
    BuildRecord build = running(id);
    if (build == null) {
      return;
    }
    JsonObject event = build.event(Actions.Builder.EVENT_LOG).put("line", line);
    build.log.addLast(new JsonObject().put("seq", event.getLong("seq")).put("line", line));
    while (build.log.size() > logLines) {
      build.log.removeFirst();
    }
    publisher.accept(event);
  }

  /** Moves a running build to {@link BuildState#BUILDING} or {@link BuildState#PUSHING}. */
  public void moveTo(String id, BuildState state) {
    moveTo(id, state, null);
  }

  /**
   * Moves a running build to {@link BuildState#PUSHING} once {@code imageId} is built: the state
   * event carries the id, so that a controller on the same dockerd may read the image while it is
   * pushed.
   */
  public void pushing(String id, String imageId) {
    moveTo(id, BuildState.PUSHING, imageId);
  }

  private synchronized void moveTo(String id, BuildState state, String imageId) {
    if (state.isFinal()) {
      throw new IllegalArgumentException("use succeed or fail for " + state);
    }
    BuildRecord build = running(id);
    if (build == null) {
      return;
    }
    build.state = state;
    if (build.started == null) {
      build.started = clock.instant();
    }
    JsonObject event = build.event(Actions.Builder.EVENT_STATE).put("runtime", build.runtime).put("state", state.id());
    if (imageId != null) {
      event.put("imageId", imageId);
    }
    publisher.accept(event);
  }

  /** Finishes a build that pushed {@code image} ({@code imageId}) with {@code digest}; publishes {@code done}. */
  public synchronized void succeed(String id, String image, String imageId, String digest) {
    finish(id, BuildState.SUCCEEDED, build -> {
      build.image = image;
      build.imageId = imageId;
      build.digest = digest;
      return build.event(Actions.Builder.EVENT_DONE).put("image", image).put("imageId", imageId).put("digest", digest);
    });
  }

  /** Finishes a build with {@code error} ({@code code}: build_failed, push_failed, ...); publishes {@code failed} with the log tail. */
  public synchronized void fail(String id, String code, String error) {
    finish(id, BuildState.FAILED, build -> {
      build.error = error;
      build.errorCode = code;
      return build.event(Actions.Builder.EVENT_FAILED).put("error", error).put("code", code)
        .put("logTail", build.logTail(TAIL_LINES));
    });
  }

  private void finish(String id, BuildState state, Function<BuildRecord, JsonObject> last) {
    BuildRecord build = running(id);
    if (build == null) {
      return;
    }
    build.state = state;
    build.finished = clock.instant();
    publisher.accept(build.event(Actions.Builder.EVENT_STATE).put("runtime", build.runtime).put("state", state.id()));
    publisher.accept(last.apply(build).put("state", state.id())
      .put("durationMs", build.finished.toEpochMilli() - build.created.toEpochMilli()));
    forgetOldBuilds();
  }

  private BuildRecord running(String id) {
    BuildRecord build = builds.get(id);
    return build == null || build.state.isFinal() ? null : build;
  }

  private void forgetOldBuilds() {
    long finished = builds.values().stream().filter(b -> b.state.isFinal()).count();
    for (Iterator<BuildRecord> it = builds.values().iterator(); it.hasNext() && finished > keepBuilds; ) {
      if (it.next().state.isFinal()) {
        it.remove();
        finished--;
      }
    }
  }
}
