package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildQueueTest {
  private final List<String> started = new ArrayList<>();
  private final List<Promise<String>> running = new ArrayList<>();

  private Future<String> submit(BuildQueue queue, String name) {
    return queue.submit(() -> {
      started.add(name);
      Promise<String> p = Promise.promise();
      running.add(p);
      return p.future();
    });
  }

  @Test
  void runsAtMostConcurrencyTasksAndQueuesTheRest() {
    BuildQueue queue = new BuildQueue(2, 3);
    for (String name : List.of("a", "b", "c", "d")) {
      submit(queue, name);
    }
    assertEquals(List.of("a", "b"), started);
    assertEquals(2, queue.running());
    assertEquals(2, queue.waiting());
  }

  @Test
  void refusesWith503WhenTheQueueIsFull() {
    BuildQueue queue = new BuildQueue(1, 2);
    submit(queue, "a");
    submit(queue, "b");
    submit(queue, "c");
    assertTrue(queue.isFull());
    PlatError e = assertThrows(PlatError.class, () -> submit(queue, "d"));
    assertEquals(503, e.status());
    assertEquals("build_queue_full", e.code());
    assertEquals(List.of("a"), started);
  }

  @Test
  void startsWaitingTasksFirstInFirstOutAsSlotsFree() {
    BuildQueue queue = new BuildQueue(1, 5);
    Future<String> a = submit(queue, "a");
    submit(queue, "b");
    submit(queue, "c");
    running.get(0).complete("A");
    assertEquals("A", a.result());
    assertEquals(List.of("a", "b"), started);
    running.get(1).fail("b broke");
    assertEquals(List.of("a", "b", "c"), started);
    running.get(2).complete("C");
    assertEquals(0, queue.running());
    assertEquals(0, queue.waiting());
  }

  @Test
  void freesTheSlotOfATaskThatThrows() {
    BuildQueue queue = new BuildQueue(1, 0);
    Future<String> broken = queue.submit(() -> {
      throw new IllegalStateException("boom");
    });
    assertTrue(broken.failed());
    submit(queue, "next");
    assertEquals(List.of("next"), started);
  }

  @Test
  void aQueueOfZeroRefusesAnythingBeyondTheRunningTasks() {
    BuildQueue queue = new BuildQueue(1, 0);
    submit(queue, "a");
    assertEquals("build_queue_full", assertThrows(PlatError.class, () -> submit(queue, "b")).code());
  }
}
