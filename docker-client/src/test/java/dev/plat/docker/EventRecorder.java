package dev.plat.docker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Records events and completes futures when an awaited one arrives (or had arrived). */
public final class EventRecorder implements Handler<DockerEvent> {

  private final List<DockerEvent> events = new ArrayList<>();
  private final List<Map.Entry<Predicate<DockerEvent>, Promise<DockerEvent>>> waiting = new ArrayList<>();

  @Override
  public synchronized void handle(DockerEvent event) {
    events.add(event);
    for (Iterator<Map.Entry<Predicate<DockerEvent>, Promise<DockerEvent>>> it = waiting.iterator(); it.hasNext(); ) {
      Map.Entry<Predicate<DockerEvent>, Promise<DockerEvent>> w = it.next();
      if (w.getKey().test(event)) {
        it.remove();
        w.getValue().complete(event);
      }
    }
  }

  /** @return the first recorded event matching, now or when it arrives */
  public synchronized Future<DockerEvent> next(Predicate<DockerEvent> matching) {
    for (DockerEvent e : events) {
      if (matching.test(e)) {
        return Future.succeededFuture(e);
      }
    }
    Promise<DockerEvent> promise = Promise.promise();
    waiting.add(Map.entry(matching, promise));
    return promise.future();
  }

  /** @return the first event of {@code actorId} with {@code action} */
  public Future<DockerEvent> next(String actorId, String action) {
    return next(e -> actorId.equals(e.actorId()) && action.equals(e.action()));
  }

  /** @return the events recorded so far */
  public synchronized List<DockerEvent> events() {
    return List.copyOf(events);
  }

  /** @return the actions recorded so far for one object, in order */
  public synchronized List<String> actions(String actorId) {
    return events.stream().filter(e -> actorId.equals(e.actorId())).map(DockerEvent::action).toList();
  }
}
