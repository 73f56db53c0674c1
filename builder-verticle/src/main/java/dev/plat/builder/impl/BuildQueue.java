package dev.plat.builder.impl;

import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Runs at most {@code concurrency} tasks at once; up to {@code capacity} more wait, first in,
 * first out. A task's slot is freed when the future it returns completes, whatever the outcome.
 * Thread-safe.
 */
public final class BuildQueue {
  private final int concurrency;
  private final int capacity;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  public BuildQueue(int concurrency, int capacity) {
    if (concurrency < 1 || capacity < 0) {
      throw new IllegalArgumentException("concurrency must be >= 1 and capacity >= 0");
    }
    this.concurrency = concurrency;
    this.capacity = capacity;
  }

  /** Whether {@link #submit} would refuse a task now. */
  public synchronized boolean isFull() {
    return running >= concurrency && waiting.size() >= capacity;
  }

  public synchronized int running() {
    return running;
  }

  public synchronized int waiting() {
    return waiting.size();
  }

  /**
   * Runs {@code task} now or when a slot frees.
   *
   * @return the task's outcome
   * @throws PlatError 503 {@code build_queue_full} when every slot is busy and the queue is full
   */
  public <T> Future<T> submit(Supplier<Future<T>> task) {
    Promise<T> outcome = Promise.promise();
    Runnable start = () -> run(task, outcome);
    synchronized (this) {
      if (running >= concurrency) {
        if (waiting.size() >= capacity) {
          throw PlatError.unavailable("build_queue_full", "the builder is busy: " + running + " builds running and "
            + waiting.size() + " waiting; try again later");
        }
        waiting.addLast(start);
        return outcome.future();
      }
      running++;
    }
    start.run();
    return outcome.future();
  }

  private <T> void run(Supplier<Future<T>> task, Promise<T> outcome) {
    Future<T> result;
    try {
      result = task.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      release();
      outcome.handle(ar);
    });
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        running--;
        return;
      }
    }
    next.run();
  }
}
