package dev.plat.controller.impl;

import dev.plat.controller.Scheduler;
import java.util.Map;
import java.util.TreeMap;

/** A clock that moves only when the test advances it, running the timers that fall due. */
final class ManualScheduler implements Scheduler {
  private final Map<Long, Task> tasks = new TreeMap<>();
  private long now = 1_000_000;
  private long nextId;

  private record Task(long at, Runnable run) {
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public long schedule(long delayMs, Runnable task) {
    long id = nextId++;
    tasks.put(id, new Task(now + delayMs, task));
    return id;
  }

  @Override
  public void cancel(long timerId) {
    tasks.remove(timerId);
  }

  void advance(long ms) {
    long until = now + ms;
    while (true) {
      Map.Entry<Long, Task> due = tasks.entrySet().stream().filter(e -> e.getValue().at() <= until)
        .min((a, b) -> Long.compare(a.getValue().at(), b.getValue().at())).orElse(null);
      if (due == null) {
        break;
      }
      // read the task before removing it: a TreeMap removal may move another mapping into the entry
      Task task = due.getValue();
      tasks.remove(due.getKey());
      now = Math.max(now, task.at());
      task.run().run();
    }
    now = until;
  }

  int pending() {
    return tasks.size();
  }
}
