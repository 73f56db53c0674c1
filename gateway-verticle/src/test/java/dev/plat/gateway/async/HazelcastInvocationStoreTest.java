package dev.plat.gateway.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.plat.cluster.ClusterOptions;
import dev.plat.cluster.Names;
import dev.plat.cluster.impl.HazelcastConfigs;
import dev.plat.cluster.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invocation store against one embedded Hazelcast member: compare-and-set, queries, expiry, the disk copy. */
class HazelcastInvocationStoreTest {
  private static final long TTL = 3600;
  private static HazelcastInstance hz;
  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path data;

  @BeforeAll
  static void startMember() {
    hz = Hazelcast.newHazelcastInstance(HazelcastConfigs.create(new ClusterOptions().setNodeId("unit")
      .setClusterName(FreePorts.clusterName()).setPort(0).setWaitSecondsBeforeJoin(0)));
  }

  @AfterAll
  static void stopMember() {
    hz.shutdown();
  }

  @BeforeEach
  void emptyMap() {
    hz.getMap(Names.Hz.INVOCATIONS).clear();
  }

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static AsyncInvocation queued(String id, String function, long at) {
    return AsyncInvocation.queued(id, function, new JsonObject().put("method", "POST").put("path", "/")
      .put("body", "Ym9keQ=="), null, at);
  }

  private JsonObject onDisk(Path dir, String id) throws Exception {
    return new JsonObject(Files.readString(dir.resolve("invocations").resolve(id + ".json")));
  }

  @Test
  void create_keeps_the_first_record_and_replace_is_a_compare_and_set_on_the_revision() throws Exception {
    InvocationStore store = await(HazelcastInvocationStore.create(vertx, hz, data, TTL));
    AsyncInvocation first = queued("a", "fn", 1);
    assertEquals(first.encode(), await(store.create(first)).encode());
    assertEquals(first.encode(), await(store.create(queued("a", "fn", 2))).encode(), "the first one stays");

    AsyncInvocation mine = first.claimed("n1", "m1", 5);
    assertTrue(await(store.replace(first, mine)));
    assertFalse(await(store.replace(first, first.claimed("n2", "m2", 5))), "a claim of the old revision loses");
    assertEquals("m1", await(store.get("a")).claim());
    assertEquals(mine.rev(), onDisk(data, "a").getLong("rev"), "the disk copy is the newest revision");
    assertNull(await(store.get("nope")));
  }

  @Test
  void of_two_identical_claims_of_one_revision_only_the_first_applies() throws Exception {
    InvocationStore store = await(HazelcastInvocationStore.create(vertx, hz, data, TTL));
    AsyncInvocation queued = queued("same", "fn", 1);
    await(store.create(queued));
    // the same node, the same member, the same millisecond: the same JSON twice
    assertTrue(await(store.replace(queued, queued.claimed("n1", "m1", 7))));
    assertFalse(await(store.replace(queued, queued.claimed("n1", "m1", 7))), "the second claim must lose");
  }

  @Test
  void queries_read_summaries_by_state_and_function_in_order() throws Exception {
    InvocationStore store = await(HazelcastInvocationStore.create(vertx, hz, data, TTL));
    await(store.create(queued("old", "fn", 1)));
    await(store.create(queued("new", "fn", 3)));
    AsyncInvocation other = queued("other", "g", 2);
    await(store.create(other));
    await(store.replace(other, other.claimed("n", "m", 4)));

    assertEquals(List.of("old", "new"), await(store.queued()).stream().map(InvocationSummary::id).toList());
    assertEquals(List.of("new", "old"), await(store.recent("fn", 10)).stream().map(InvocationSummary::id).toList());
    assertEquals(List.of("new", "other"), await(store.recent(null, 2)).stream().map(InvocationSummary::id).toList());
    InvocationSummary running = await(store.recent("g", 1)).get(0);
    assertEquals(AsyncInvocation.RUNNING, running.state());
    assertEquals(1, running.attempts());
    assertEquals(List.of("other"), await(store.orphans(java.util.Set.of())).stream().map(AsyncInvocation::id).toList());
    assertEquals(List.of(), await(store.orphans(java.util.Set.of("m"))));
  }

  @Test
  void pending_callbacks_are_found_by_their_claimant_and_delivered_ones_never() throws Exception {
    InvocationStore store = await(HazelcastInvocationStore.create(vertx, hz, data, TTL));
    for (String id : List.of("on-m1", "on-m2", "delivered", "none")) {
      AsyncInvocation q = AsyncInvocation.queued(id, "fn", new JsonObject().put("method", "POST"),
        "none".equals(id) ? null : "https://hooks.example.com/", 1);
      await(store.create(q));
      AsyncInvocation running = q.claimed("n", "on-m2".equals(id) ? "m2" : "m1", 2);
      await(store.replace(q, running));
      AsyncInvocation done = running.finished(AsyncInvocation.SUCCEEDED, 3, new JsonObject().put("status", 200));
      await(store.replace(running, done));
      if ("delivered".equals(id)) {
        await(store.replace(done, done.callbackTried(200, AsyncInvocation.DELIVERED, 4)));
      }
    }
    assertEquals(List.of(), await(store.unclaimedCallbacks(java.util.Set.of("m1", "m2"))));
    assertEquals(List.of("on-m1"), await(store.unclaimedCallbacks(java.util.Set.of("m2", "m3"))));
    assertEquals(List.of("on-m1", "on-m2"), await(store.unclaimedCallbacks(java.util.Set.of())).stream().sorted().toList());
    InvocationSummary delivered = await(store.recent("fn", 10)).stream().filter(i -> i.id().equals("delivered")).findFirst().orElseThrow();
    assertEquals(AsyncInvocation.DELIVERED, delivered.callback(), "the list shows the callback's state");
    assertEquals(new JsonObject().put("state", "delivered"), delivered.toJson().getJsonObject("callback"));
  }

  @Test
  void a_finished_record_expires_after_the_ttl_and_an_unfinished_one_never() throws Exception {
    InvocationStore store = await(HazelcastInvocationStore.create(vertx, hz, data, TTL));
    AsyncInvocation a = queued("a", "fn", 1);
    await(store.create(a));
    assertEquals(Long.MAX_VALUE, hz.getMap(Names.Hz.INVOCATIONS).getEntryView("a").getTtl());
    AsyncInvocation running = a.claimed("n", "m", 2);
    await(store.replace(a, running));
    await(store.replace(running, running.finished(AsyncInvocation.SUCCEEDED, 3, new JsonObject().put("status", 200))));
    assertEquals(TTL * 1000, hz.getMap(Names.Hz.INVOCATIONS).getEntryView("a").getTtl());
    assertEquals(200, await(store.recent("fn", 1)).get(0).status());
  }

  @Test
  void a_node_starting_alone_puts_its_disk_copy_back_with_running_ones_queued() throws Exception {
    InvocationStore before = await(HazelcastInvocationStore.create(vertx, hz, data, TTL));
    AsyncInvocation q = queued("q", "fn", 1);
    AsyncInvocation r = queued("r", "fn", 2);
    await(before.create(q));
    await(before.create(r));
    await(before.replace(r, r.claimed("gone", "gone-member", 3)));
    // the whole cluster went away: only the disk copy is left (kept aside, then the map emptied)
    Path saved = data.resolveSibling(data.getFileName() + "-saved");
    Files.createDirectories(saved.resolve("invocations"));
    try (Stream<Path> files = Files.list(data.resolve("invocations"))) {
      for (Path f : files.toList()) {
        Files.copy(f, saved.resolve("invocations").resolve(f.getFileName()));
      }
    }
    hz.getMap(Names.Hz.INVOCATIONS).clear();

    InvocationStore after = await(HazelcastInvocationStore.create(vertx, hz, saved, TTL));
    assertEquals(AsyncInvocation.QUEUED, await(after.get("q")).state());
    AsyncInvocation back = await(after.get("r"));
    assertEquals(AsyncInvocation.QUEUED, back.state(), "its claimant is gone: queued again");
    assertNull(back.claim());
    assertEquals(1, back.attempts(), "the cut-off attempt still counts");
    assertEquals(List.of("q", "r"), await(after.queued()).stream().map(InvocationSummary::id).toList());
  }
}
