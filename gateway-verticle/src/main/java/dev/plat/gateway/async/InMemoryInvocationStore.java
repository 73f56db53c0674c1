package dev.plat.gateway.async;

import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link InvocationStore} in this JVM only, for tests: no backup, no disk, no expiry. */
public final class InMemoryInvocationStore implements InvocationStore {
  private final Map<String, AsyncInvocation> records = new ConcurrentHashMap<>();
  private final List<Runnable> created = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public Future<AsyncInvocation> create(AsyncInvocation invocation) {
    boolean[] added = {false};
    AsyncInvocation stored = records.computeIfAbsent(invocation.id(), id -> {
      added[0] = true;
      return invocation;
    });
    if (added[0]) {
      created.forEach(Runnable::run);
    }
    return Future.succeededFuture(stored);
  }

  @Override
  public void onCreated(Runnable listener) {
    created.add(listener);
  }

  @Override
  public Future<Boolean> replace(AsyncInvocation previous, AsyncInvocation next) {
    boolean[] done = {false};
    records.computeIfPresent(previous.id(), (id, current) -> {
      done[0] = current.rev() == previous.rev();
      return done[0] ? next : current;
    });
    return Future.succeededFuture(done[0]);
  }

  @Override
  public Future<AsyncInvocation> get(String id) {
    return Future.succeededFuture(records.get(id));
  }

  @Override
  public Future<List<InvocationSummary>> queued() {
    return Future.succeededFuture(records.values().stream().filter(i -> AsyncInvocation.QUEUED.equals(i.state()))
      .sorted(Comparator.comparingLong(AsyncInvocation::createdAt)).map(InvocationSummary::of).toList());
  }

  @Override
  public Future<List<AsyncInvocation>> orphans(Set<String> liveClaims) {
    return Future.succeededFuture(records.values().stream()
      .filter(i -> AsyncInvocation.RUNNING.equals(i.state()) && !liveClaims.contains(i.claim())).toList());
  }

  @Override
  public Future<List<String>> unclaimedCallbacks(Set<String> claims) {
    return Future.succeededFuture(records.values().stream()
      .filter(i -> i.callbackPending() && !claims.contains(i.callbackClaim())).map(AsyncInvocation::id).toList());
  }

  @Override
  public Future<List<InvocationSummary>> recent(String function, int limit) {
    return Future.succeededFuture(records.values().stream()
      .filter(i -> !ScheduleDesk.MARK_STATE.equals(i.state()) && (function == null || function.equals(i.function())))
      .sorted(Comparator.comparingLong(AsyncInvocation::createdAt).reversed()).limit(limit).map(InvocationSummary::of).toList());
  }
}
