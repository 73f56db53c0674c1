package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.RegistryStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {

  /** A store whose saves complete when the test says. */
  private static final class SlowStore implements RegistryStore {
    final List<List<FunctionRecord>> started = new ArrayList<>();
    final List<Promise<Void>> pending = new ArrayList<>();

    @Override
    public Future<List<FunctionRecord>> load() {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Void> save(List<FunctionRecord> records) {
      started.add(records);
      Promise<Void> p = Promise.promise();
      pending.add(p);
      return p.future();
    }
  }

  private static FunctionRecord record(String name, long version) {
    return new FunctionRecord(new FunctionSpec(name, "python-flask", version, null, null, Map.of(), null, null, null,
      null, false, null, List.of(), 0, 0), FunctionRecord.Desired.RUNNING);
  }

  @Test
  void writesAreSavedOneAfterAnotherInOrder() {
    SlowStore store = new SlowStore();
    Registry registry = new Registry(store);

    Future<Void> first = registry.put(record("a", 1));
    Future<Void> second = registry.put(record("b", 1));
    assertEquals(List.of(record("a", 1), record("b", 1)), registry.all(), "reads see every change at once");
    Future<Void> third = registry.remove("a");

    assertEquals(1, store.started.size(), "the second save waits for the first");
    store.pending.get(0).complete();
    assertTrue(first.succeeded());
    assertEquals(2, store.started.size());
    store.pending.get(1).complete();
    store.pending.get(2).complete();
    assertTrue(second.succeeded() && third.succeeded());
    assertEquals(List.of(record("b", 1)), store.started.get(2));
  }

  @Test
  void aFailedSaveFailsItsChangeButNotTheNextOne() {
    SlowStore store = new SlowStore();
    Registry registry = new Registry(store);
    Future<Void> first = registry.put(record("a", 1));
    Future<Void> second = registry.put(record("a", 2));
    store.pending.get(0).fail("disk full");
    store.pending.get(1).complete();

    assertTrue(first.failed());
    assertTrue(second.succeeded());
  }
}
