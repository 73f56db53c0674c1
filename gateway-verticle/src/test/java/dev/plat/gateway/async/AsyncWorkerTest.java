package dev.plat.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The worker's state machine ({@link AsyncWorker}, its {@link AttemptRunner}, the {@link OrphanReaper}
 * and the {@link CallbackReaper}) with an in-memory store, a fake caller and a hand-moved clock.
 */
class AsyncWorkerTest {
  private final InMemoryInvocationStore store = new InMemoryInvocationStore();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final List<AsyncInvocation> finished = new ArrayList<>();
  private final List<String> retried = new ArrayList<>();
  /** Answers of the fake function, in order; a pending promise when empty. */
  private final Deque<Future<Attempt>> answers = new ArrayDeque<>();
  private final List<Promise<Attempt>> pending = new ArrayList<>();
  private final List<String> called = new ArrayList<>();
  private final RetryPolicy policy = new RetryPolicy(3, 100);

  /** Callbacks handed to each worker's sender, by worker claim; none is really sent. */
  private final java.util.Map<String, FakeCallbacks> callbacks = new java.util.HashMap<>();

  /** A sender that records what it was given and keeps it "in flight" until told otherwise. */
  static final class FakeCallbacks implements Callbacks {
    final List<AsyncInvocation> sent = new ArrayList<>();
    final Set<String> inFlight = new java.util.HashSet<>();
    boolean room = true;

    @Override
    public Future<CallbackSender.Outcome> send(AsyncInvocation invocation) {
      sent.add(invocation);
      inFlight.add(invocation.id());
      return Future.succeededFuture(CallbackSender.Outcome.DEFERRED);
    }

    @Override
    public boolean sending(String id) {
      return inFlight.contains(id);
    }

    @Override
    public boolean hasRoom() {
      return room;
    }
  }

  private AsyncWorker worker(String claim, int concurrency) {
    FakeCallbacks sender = callbacks.computeIfAbsent(claim, c -> new FakeCallbacks());
    AttemptRunner runner = new AttemptRunner(store, invocation -> {
      called.add(invocation.id() + "#" + invocation.attempts());
      if (!answers.isEmpty()) {
        return answers.poll();
      }
      Promise<Attempt> p = Promise.promise();
      pending.add(p);
      return p.future();
    }, policy, clock::get, sender, new AsyncWorker.Listener() {
      @Override
      public void retried(AsyncInvocation invocation) {
        retried.add(invocation.id());
      }

      @Override
      public void finished(AsyncInvocation invocation) {
        finished.add(invocation);
      }
    });
    return new AsyncWorker(store, runner, clock::get, "node-" + claim, claim, concurrency, new AsyncWorker.Listener() { });
  }

  private OrphanReaper orphans() {
    return new OrphanReaper(store, clock::get);
  }

  /** The reaper of pending callbacks on node {@code claim}, with the same sender as its worker. */
  private CallbackReaper callbackReaper(String claim) {
    return new CallbackReaper(store, clock::get, "node-" + claim, claim,
      callbacks.computeIfAbsent(claim, c -> new FakeCallbacks()));
  }

  private AsyncInvocation submit(String id) {
    return submit(id, null);
  }

  private AsyncInvocation submit(String id, String callbackUrl) {
    AsyncInvocation queued = AsyncInvocation.queued(id, "fn", new JsonObject().put("method", "POST").put("path", "/"),
      callbackUrl, clock.get());
    store.create(queued);
    return queued;
  }

  private static Attempt answer(int status, String body) {
    return new Attempt(status, new JsonArray().add(new JsonArray().add("Content-Type").add("text/plain")),
      Buffer.buffer(body), false, 5, null);
  }

  private AsyncInvocation stored(String id) {
    return store.get(id).result();
  }

  @Test
  void a_2xx_answer_ends_succeeded_with_its_result_and_the_callback_is_told() {
    submit("a");
    answers.add(Future.succeededFuture(answer(200, "hi")));
    worker("m1", 2).poll();
    AsyncInvocation done = stored("a");
    assertEquals(AsyncInvocation.SUCCEEDED, done.state());
    assertEquals(1, done.attempts());
    assertEquals(200, done.result().getInteger("status"));
    assertEquals("hi", done.result().getString("body"));
    assertEquals("text", done.result().getString("bodyEncoding"));
    assertEquals(List.of("a"), finished.stream().map(AsyncInvocation::id).toList());
  }

  @Test
  void a_5xx_is_retried_after_the_back_off_then_fails_after_the_last_attempt() {
    submit("b");
    AsyncWorker worker = worker("m1", 2);
    for (int i = 0; i < 3; i++) {
      answers.add(Future.succeededFuture(answer(500, "boom")));
    }
    worker.poll();
    assertEquals(AsyncInvocation.QUEUED, stored("b").state());
    assertEquals(clock.get() + 100, stored("b").notBefore(), "first back-off: the base delay");
    worker.poll();
    assertEquals(List.of("b#1"), called, "not run again before its back-off");
    clock.addAndGet(100);
    worker.poll();
    assertEquals(clock.get() + 200, stored("b").notBefore(), "second back-off: doubled");
    clock.addAndGet(200);
    worker.poll();
    AsyncInvocation done = stored("b");
    assertEquals(AsyncInvocation.FAILED, done.state());
    assertEquals(3, done.attempts());
    assertEquals(500, done.result().getInteger("status"));
    assertEquals(List.of("b#1", "b#2", "b#3"), called);
    assertEquals(List.of("b", "b"), retried);
    assertEquals(1, finished.size());
  }

  @Test
  void a_call_that_gets_no_answer_is_retried_like_a_5xx() {
    submit("c");
    answers.add(Future.failedFuture("connection refused"));
    answers.add(Future.succeededFuture(answer(204, "")));
    AsyncWorker worker = worker("m1", 1);
    worker.poll();
    assertEquals(RetryPolicy.NO_ANSWER, stored("c").result().getInteger("status"));
    assertEquals("connection refused", stored("c").result().getString("error"));
    clock.addAndGet(100);
    worker.poll();
    assertEquals(AsyncInvocation.SUCCEEDED, stored("c").state());
  }

  @Test
  void a_4xx_fails_without_a_retry() {
    submit("d");
    answers.add(Future.succeededFuture(answer(404, "no")));
    worker("m1", 1).poll();
    assertEquals(AsyncInvocation.FAILED, stored("d").state());
    assertEquals(1, stored("d").attempts());
  }

  @Test
  void at_most_concurrency_invocations_run_at_once_oldest_first() {
    for (String id : new String[] {"e1", "e2", "e3"}) {
      submit(id);
      clock.incrementAndGet();
    }
    AsyncWorker worker = worker("m1", 2);
    worker.poll();
    assertEquals(List.of("e1#1", "e2#1"), called);
    assertEquals(2, worker.running());
    worker.poll();
    assertEquals(2, called.size(), "no free slot");
    pending.get(0).complete(answer(200, "ok"));
    assertEquals(List.of("e1#1", "e2#1", "e3#1"), called, "the freed slot takes the next due one at once");
    assertEquals(2, worker.running());
    pending.get(1).complete(answer(200, "ok"));
    pending.get(2).complete(answer(200, "ok"));
    assertEquals(0, worker.running());
    assertEquals(3, finished.size());
  }

  @Test
  void two_workers_never_both_claim_one_invocation() {
    submit("f");
    AsyncWorker one = worker("m1", 1);
    AsyncWorker two = worker("m2", 1);
    one.poll();
    two.poll();
    assertEquals(List.of("f#1"), called, "the second worker saw it running, not queued");
    assertEquals("m1", stored("f").claim());
    // the second worker's claim of the same revision, as if both had read it queued at once
    AsyncInvocation stale = AsyncInvocation.queued("g", "fn", new JsonObject(), null, clock.get());
    store.create(stale);
    assertTrue(store.replace(stale, stale.claimed("node-m1", "m1", clock.get())).result());
    assertFalse(store.replace(stale, stale.claimed("node-m2", "m2", clock.get())).result());
  }

  @Test
  void a_running_invocation_whose_claimant_left_is_queued_again_and_runs_elsewhere() {
    submit("h");
    AsyncWorker dead = worker("m1", 1);
    dead.poll();
    assertEquals(AsyncInvocation.RUNNING, stored("h").state());
    AsyncWorker alive = worker("m2", 1);
    assertEquals(0, orphans().reap(Set.of("m1", "m2")).result(), "its claimant is alive: left alone");
    assertEquals(1, orphans().reap(Set.of("m2")).result());
    AsyncInvocation back = stored("h");
    assertEquals(AsyncInvocation.QUEUED, back.state());
    assertNull(back.claim());
    answers.add(Future.succeededFuture(answer(200, "ok")));
    alive.poll();
    assertEquals(AsyncInvocation.SUCCEEDED, stored("h").state());
    assertEquals(2, stored("h").attempts(), "at-least-once: the cut-off attempt counts");
    // the departed claimant's late outcome is dropped, not written over the finished record
    pending.get(0).complete(answer(500, "late"));
    assertEquals(AsyncInvocation.SUCCEEDED, stored("h").state());
    assertEquals(1, finished.size());
  }

  @Test
  void a_binary_result_is_kept_base64() {
    submit("i");
    answers.add(Future.succeededFuture(new Attempt(200,
      new JsonArray().add(new JsonArray().add("content-type").add("application/octet-stream")),
      Buffer.buffer(new byte[] {(byte) 0xff, 0}), false, 1, null)));
    worker("m1", 1).poll();
    assertEquals("base64", stored("i").result().getString("bodyEncoding"));
    assertEquals("/wA=", stored("i").result().getString("body"));
  }

  @Test
  void a_new_invocation_wakes_an_idle_worker_without_a_poll() {
    AsyncWorker worker = worker("m1", 1);
    store.onCreated(worker::wake);
    answers.add(Future.succeededFuture(answer(200, "ok")));
    submit("w");
    assertEquals(AsyncInvocation.SUCCEEDED, stored("w").state());
    submit("x");
    assertEquals(List.of("w#1", "x#1"), called);
    submit("y");
    assertEquals(List.of("w#1", "x#1"), called, "its one slot is busy: y waits");
    pending.get(0).complete(answer(200, "ok"));
    assertEquals(List.of("w#1", "x#1", "y#1"), called, "the freed slot reads the queue again");
  }

  @Test
  void a_finished_invocation_with_a_callback_url_is_stored_with_its_callback_pending_and_claimed_by_its_node() {
    submit("cb", "https://hooks.example.com/done");
    answers.add(Future.succeededFuture(answer(200, "ok")));
    worker("m1", 1).poll();
    AsyncInvocation done = stored("cb");
    assertEquals(AsyncInvocation.SUCCEEDED, done.state());
    assertEquals(new JsonObject().put("state", "pending").put("attempts", 0).put("node", "node-m1").put("claim", "m1"),
      done.callback(), "written in the same compare-and-set as the result");
    assertEquals(List.of(done.encode()), callbacks.get("m1").sent.stream().map(AsyncInvocation::encode).toList());
    assertFalse(done.toView().getJsonObject("callback").containsKey("claim"), "the claim is not shown");
    submit("plain");
    answers.add(Future.succeededFuture(answer(200, "ok")));
    worker("m1", 1).poll();
    assertNull(stored("plain").callback());
    assertEquals(1, callbacks.get("m1").sent.size(), "no callback URL: nothing to send");
  }

  @Test
  void a_pending_callback_of_a_departed_node_is_claimed_and_sent_once_by_a_survivor() {
    submit("cb", "https://hooks.example.com/done");
    answers.add(Future.succeededFuture(answer(200, "ok")));
    AsyncWorker dead = worker("m1", 1);
    dead.poll();
    CallbackReaper alive = callbackReaper("m2");
    CallbackReaper other = callbackReaper("m3");
    assertEquals(0, alive.reap(Set.of("m1", "m2", "m3")).result(), "its claimant is alive: left alone");
    assertEquals(1, alive.reap(Set.of("m2", "m3")).result());
    assertEquals(0, other.reap(Set.of("m2", "m3")).result(), "m2 has it now");
    assertEquals(0, alive.reap(Set.of("m2", "m3")).result(), "m2 is sending it: not taken twice");
    AsyncInvocation taken = stored("cb");
    assertEquals("m2", taken.callbackClaim());
    assertEquals("node-m2", taken.callback().getString("node"));
    assertEquals(List.of(taken.encode()), callbacks.get("m2").sent.stream().map(AsyncInvocation::encode).toList());
    assertTrue(callbacks.get("m3").sent.isEmpty());
    assertEquals(AsyncInvocation.SUCCEEDED, taken.state(), "the invocation itself is not run again");
    assertEquals(List.of("cb#1"), called);
  }

  @Test
  void a_delivered_failed_or_refused_callback_is_not_sent_again() {
    for (String end : List.of(AsyncInvocation.DELIVERED, AsyncInvocation.FAILED, AsyncInvocation.REFUSED)) {
      submit(end, "https://hooks.example.com/done");
      answers.add(Future.succeededFuture(answer(200, "ok")));
      worker("m1", 1).poll();
      AsyncInvocation pending = stored(end);
      assertTrue(store.replace(pending, pending.callbackTried(200, end, clock.get())).result());
      assertNull(stored(end).callbackClaim());
    }
    assertEquals(0, callbackReaper("m2").reap(Set.of("m2")).result());
    assertTrue(callbacks.get("m2").sent.isEmpty());
  }

  @Test
  void a_pending_callback_its_own_node_is_not_sending_is_sent_again_once_it_has_room() {
    submit("cb", "https://hooks.example.com/done");
    answers.add(Future.succeededFuture(answer(200, "ok")));
    AsyncWorker worker = worker("m1", 1);
    worker.poll();
    FakeCallbacks sender = callbacks.get("m1");
    assertEquals(0, callbackReaper("m1").reap(Set.of("m1")).result(), "in flight here");
    sender.inFlight.clear();
    sender.room = false;
    assertEquals(0, callbackReaper("m1").reap(Set.of("m1")).result(), "no room: it waits, pending");
    sender.room = true;
    assertEquals(1, callbackReaper("m1").reap(Set.of("m1")).result());
    assertEquals(2, sender.sent.size());
  }
}
