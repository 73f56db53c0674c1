package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened in the daemon.
 *
 * @param type object type: {@code container}, {@code image}, {@code network}, {@code volume}, ...
 * @param action what happened: {@code create}, {@code start}, {@code pause}, {@code die}, {@code destroy}, ...
 *               (exec actions carry a suffix, e.g. {@code exec_start: sh})
 * @param actorId id of the object
 * @param attributes the object's attributes: its labels plus keys such as {@code name}, {@code image}, {@code exitCode}
 * @param timeNano when it happened, nanoseconds since the epoch
 */
public record DockerEvent(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {

  public DockerEvent {
    attributes = JsonReads.copy(attributes);
  }

  /** Reads one message of a {@code GET /events} stream. */
  public static DockerEvent fromJson(JsonObject json) {
    JsonObject actor = JsonReads.obj(json, "Actor");
    long timeNano = JsonReads.lng(json, "timeNano");
    if (timeNano == 0) {
      timeNano = JsonReads.lng(json, "time") * 1_000_000_000L;
    }
    String type = JsonReads.str(json, "Type");
    String action = JsonReads.str(json, "Action");
    String id = JsonReads.str(actor, "ID");
    return new DockerEvent(type == null ? "container" : type, action == null ? JsonReads.str(json, "status") : action,
      id == null ? JsonReads.str(json, "id") : id, JsonReads.stringMap(actor, "Attributes"), timeNano);
  }

  /** @return when it happened */
  public Instant time() {
    return Instant.ofEpochSecond(timeNano / 1_000_000_000L, timeNano % 1_000_000_000L);
  }

  /** @return an attribute (a label of the object, its name, ...), or {@code null} */
  public String attribute(String key) {
    return attributes.get(key);
  }
}
