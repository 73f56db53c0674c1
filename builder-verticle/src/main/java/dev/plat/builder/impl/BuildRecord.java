package dev.plat.builder.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/** One build as the registry keeps it. Mutated only by {@link BuildRegistry}, under its lock. */
final class BuildRecord {
  final String id;
  final String function;
  final String version;
  final String runtime;
  final String sha256;
  final Instant created;
  final Deque<JsonObject> log = new ArrayDeque<>();
  BuildState state = BuildState.QUEUED;
  Instant started;
  Instant finished;
  String image;
  String imageId;
  String digest;
  String error;
  String errorCode;
  long seq;

  BuildRecord(String id, String function, String version, String runtime, String sha256, Instant created) {
    this.id = id;
    this.function = function;
    this.version = version;
    this.runtime = runtime;
    this.sha256 = sha256;
    this.created = created;
  }

  /** The fields every event of this build carries. */
  JsonObject event(String type) {
    return new JsonObject().put("buildId", id).put("function", function).put("version", version)
      .put("type", type).put("seq", ++seq);
  }

  /** The last {@code lines} log lines joined by newlines. */
  String logTail(int lines) {
    StringBuilder tail = new StringBuilder();
    int skip = Math.max(0, log.size() - lines);
    for (Iterator<JsonObject> it = log.iterator(); it.hasNext(); ) {
      JsonObject line = it.next();
      if (skip-- > 0) {
        continue;
      }
      tail.append(tail.length() == 0 ? "" : "\n").append(line.getString("line"));
    }
    return tail.toString();
  }

  /** The {@code get} answer: log lines after sequence number {@code since}. */
  JsonObject toJson(long since, int tailLines) {
    JsonArray lines = new JsonArray();
    log.stream().filter(l -> l.getLong("seq") > since).forEach(l -> lines.add(l.copy()));
    return new JsonObject().put("id", id).put("function", function).put("version", version)
      .put("runtime", runtime).put("sha256", sha256).put("state", state.id())
      .put("created", created.toString())
      .put("started", started == null ? null : started.toString())
      .put("finished", finished == null ? null : finished.toString())
      .put("seq", seq).put("log", lines).put("logTail", logTail(tailLines))
      .put("image", image).put("imageId", imageId).put("digest", digest).put("error", error).put("code", errorCode);
  }
}
