package dev.plat.docker.impl;

import dev.plat.docker.DockerEvent;
import dev.plat.docker.DockerFilters;
import dev.plat.docker.EventSubscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@code GET /events} stream kept open: when it ends or breaks it is opened again after a delay
 * that doubles up to a maximum, with {@code since} set to the last delivered event's time (or the
 * subscription's start, on this host's clock, before any event). Replayed events already delivered
 * are skipped. Runs on one context.
 */
final class EventStreamSubscription implements EventSubscription {

  private final Transport transport;
  private final Context context;
  private final DockerFilters filters;
  private final Handler<DockerEvent> handler;
  private final Consumer<EventSubscription> onClose;
  private final Set<String> deliveredAtLastTime = new HashSet<>();
  private final Promise<EventSubscription> opened = Promise.promise();
  private long openedAtNano;
  private long lastTimeNano;
  private long attempt;
  private int reconnects;
  private long timerId = -1;
  private HttpClientResponse current;
  private boolean active = true;

  EventStreamSubscription(Transport transport, Context context, DockerFilters filters, Handler<DockerEvent> handler,
                          Consumer<EventSubscription> onClose) {
    this.onClose = onClose;
    this.transport = transport;
    this.context = context;
    this.filters = filters;
    this.handler = handler;
  }

  /** Opens the first stream; the future completes once the daemon answered it. */
  Future<EventSubscription> open() {
    openedAtNano = System.currentTimeMillis() * 1_000_000L;
    connect();
    return opened.future();
  }

  static String since(long timeNano) {
    return String.format("%d.%09d", timeNano / 1_000_000_000L, timeNano % 1_000_000_000L);
  }

  private void connect() {
    timerId = -1;
    if (!active) {
      return;
    }
    DockerRequest request = DockerRequest.get("/events").idleTimeout(0);
    if (!filters.isEmpty()) {
      request.param("filters", filters.toJson().encode());
    }
    if (opened.future().isComplete()) {
      request.param("since", since(lastTimeNano > 0 ? lastTimeNano : openedAtNano));
    }
    transport.send(request).onComplete(ar -> {
      if (ar.failed()) {
        if (!opened.tryFail(ar.cause())) {
          retry();
        }
        return;
      }
      HttpClientResponse response = ar.result();
      if (!active) {
        response.request().reset();
        return;
      }
      current = response;
      attempt = 0;
      JsonObjectSplitter splitter = new JsonObjectSplitter(buffer -> deliver(DockerEvent.fromJson(new JsonObject(buffer))));
      response.handler(chunk -> {
        try {
          splitter.feed(chunk);
        } catch (RuntimeException e) {
          response.request().reset();
        }
      });
      response.exceptionHandler(t -> dropped(response));
      response.endHandler(v -> dropped(response));
      if (!opened.tryComplete(this)) {
        reconnects++;
      }
    });
  }

  private void deliver(DockerEvent event) {
    if (!active || (lastTimeNano > 0 && event.timeNano() < lastTimeNano)) {
      return;
    }
    String key = event.type() + "|" + event.action() + "|" + event.actorId();
    if (event.timeNano() > lastTimeNano) {
      lastTimeNano = event.timeNano();
      deliveredAtLastTime.clear();
    } else if (!deliveredAtLastTime.add(key)) {
      return;
    }
    deliveredAtLastTime.add(key);
    handler.handle(event);
  }

  private void dropped(HttpClientResponse response) {
    if (current == response) {
      current = null;
      retry();
    }
  }

  private void retry() {
    if (!active || timerId >= 0) {
      return;
    }
    long initial = transport.options().getEventsReconnectInitialDelay();
    long delay = Math.min(transport.options().getEventsReconnectMaxDelay(), initial << Math.min(attempt, 20));
    attempt++;
    timerId = transport.vertx().setTimer(delay, id -> context.runOnContext(v -> connect()));
  }

  @Override
  public int reconnects() {
    return reconnects;
  }

  @Override
  public boolean isActive() {
    return active;
  }

  @Override
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      active = false;
      onClose.accept(this);
      if (timerId >= 0) {
        transport.vertx().cancelTimer(timerId);
        timerId = -1;
      }
      HttpClientResponse response = current;
      current = null;
      if (response != null) {
        response.request().reset().onComplete(ar -> closed.complete());
      } else {
        closed.complete();
      }
    });
    return closed.future();
  }
}
