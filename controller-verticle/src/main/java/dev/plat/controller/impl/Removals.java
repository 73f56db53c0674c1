package dev.plat.controller.impl;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The removals still under way of deleted functions (their instances draining, their images going),
 * by name. A delete answers before its removal ends; a deploy of the same name waits for it, so
 * that the removal never takes the new deploy's images or instances. Used on the controller's
 * context only.
 */
final class Removals {
  private final Map<String, Future<Void>> pending = new HashMap<>();

  /** Remembers {@code removal} of {@code name} until it ends (whatever its outcome). */
  void track(String name, Future<Void> removal) {
    pending.put(name, removal);
    removal.onComplete(ar -> pending.remove(name, removal));
  }

  /** Whether a removal of {@code name} is still under way. */
  boolean pending(String name) {
    return pending.containsKey(name);
  }

  /** Runs {@code next} once the removal of {@code name} under way (if any) has ended. */
  <T> Future<T> after(String name, Supplier<Future<T>> next) {
    Future<Void> removal = name == null ? null : pending.get(name);
    return removal == null ? next.get() : removal.transform(ignored -> next.get());
  }
}
