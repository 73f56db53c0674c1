package dev.plat.cluster.impl;

import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Listeners each run on the context they were registered from, or inline when there was none. */
final class ChangeListeners {
  private record Entry(Context context, Runnable listener) {
  }

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  void add(Context context, Runnable listener) {
    entries.add(new Entry(context, listener));
  }

  void fire() {
    for (Entry e : entries) {
      if (e.context() == null) {
        e.listener().run();
      } else {
        e.context().runOnContext(v -> e.listener().run());
      }
    }
  }
}
