package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.controller.ContainerEngine.Container;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pause through the freezer where it can be written, the Engine API otherwise; Docker's operations see thawed containers. */
class FreezerContainerEngineTest {
  private static final Map<String, String> LABELS = Map.of("plat.function", "f", "plat.node", "n1", "plat.instance", "i1");

  @TempDir
  Path tmp;
  private static Vertx vertx;
  private FakeContainerEngine api;
  private String id;
  private Path state;
  private long pid;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeContainerEngine();
    id = api.existing(LABELS, true).id;
    Path cgroup = Files.createDirectories(tmp.resolve("freezer/docker/" + id));
    state = Files.writeString(cgroup.resolve("freezer.state"), "THAWED");
    Files.createDirectories(tmp.resolve("proc/42"));
    Files.createDirectories(tmp.resolve("proc/self"));
    Files.writeString(tmp.resolve("proc/42/cgroup"), "6:freezer:/docker/" + id + "\n");
    Files.writeString(tmp.resolve("proc/self/mountinfo"),
      "33 25 0:31 / " + tmp.resolve("freezer") + " rw - cgroup cgroup rw,freezer\n");
    pid = 42;
  }

  private FreezerContainerEngine engine(boolean required) {
    return new FreezerContainerEngine(vertx, api, c -> Future.succeededFuture(pid), new CgroupFreezer(tmp.resolve("proc")),
      required);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void pauseWritesTheFreezerAndResumeThawsItWithoutTheEngineApi() throws Exception {
    FreezerContainerEngine engine = engine(false);
    await(engine.pause(id));
    assertEquals("FROZEN", Files.readString(state));
    assertTrue(engine.frozen(id));
    await(engine.unpause(id));
    assertEquals("THAWED", Files.readString(state));
    assertFalse(engine.frozen(id));
    assertTrue(api.ops.stream().noneMatch(op -> op.startsWith("pause") || op.startsWith("unpause")), api.ops.toString());
  }

  @Test
  void autoPausesThroughTheEngineApiWhereTheFreezerCannotBeFound() throws Exception {
    pid = 77;  // not in this "proc": as when dockerd is remote or the controller runs in its own pid namespace
    FreezerContainerEngine engine = engine(false);
    await(engine.pause(id));
    await(engine.unpause(id));
    assertEquals(List.of("pause " + id, "unpause " + id), api.ops);
    assertEquals("THAWED", Files.readString(state));
  }

  @Test
  void freezerModeFailsWhereTheFreezerCannotBeFound() throws Exception {
    pid = 0;
    ExecutionException e = assertThrows(ExecutionException.class, () -> await(engine(true).pause(id)));
    assertTrue(e.getCause().getMessage().contains("pauseMode freezer"), e.getCause().getMessage());
    assertTrue(api.ops.isEmpty(), api.ops.toString());
  }

  @Test
  void aFrozenContainerIsThawedBeforeItIsStoppedOrRemoved() throws Exception {
    List<String> seen = new ArrayList<>();
    api.beforeStop = c -> seen.add(read(state));
    FreezerContainerEngine engine = engine(false);
    await(engine.pause(id));
    await(engine.stop(id, 5));
    await(engine.pause(id));
    await(engine.remove(id));
    assertEquals(List.of("THAWED", "THAWED"), seen, "Docker never signals a frozen process");
    assertFalse(engine.frozen(id));
  }

  @Test
  void aRunningContainerFoundFrozenIsListedAsPausedAndResumesThroughTheFreezer() throws Exception {
    Files.writeString(state, "FROZEN");
    FreezerContainerEngine engine = engine(false);
    List<Container> listed = await(engine.list("n1"));
    assertEquals(1, listed.size());
    assertTrue(listed.get(0).paused() && listed.get(0).running());
    await(engine.unpause(id));
    assertEquals("THAWED", Files.readString(state));
    assertTrue(api.ops.isEmpty(), api.ops.toString());
  }

  @Test
  void closeThawsEveryContainerItFroze() throws Exception {
    FreezerContainerEngine engine = engine(false);
    await(engine.pause(id));
    await(engine.close());
    assertEquals("THAWED", Files.readString(state));
  }

  /**
   * The freezer is written, so Docker (and a test) sees the cgroup frozen, but the kernel has not
   * settled the freeze yet when the engine closes: the close waits for that pause and thaws it.
   * Before, the close found nothing frozen and the container stayed frozen behind a stopped
   * controller (Docker's pause then failed: "OCI runtime pause failed: container not running").
   */
  @Test
  void closeThawsAContainerWhoseFreezeWasStillSettling() throws Exception {
    Path cgroup = Files.createDirectories(tmp.resolve("unified/docker/" + id));
    Path freeze = Files.writeString(cgroup.resolve("cgroup.freeze"), "0");
    Path events = Files.writeString(cgroup.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
    Files.writeString(tmp.resolve("proc/42/cgroup"), "0::/docker/" + id + "\n");
    Files.writeString(tmp.resolve("proc/self/mountinfo"),
      "35 25 0:30 / " + tmp.resolve("unified") + " rw - cgroup2 cgroup2 rw\n");
    FreezerContainerEngine engine = new FreezerContainerEngine(vertx, api, c -> Future.succeededFuture(pid),
      new CgroupFreezer(tmp.resolve("proc"), 10_000), true);

    Future<Void> pausing = engine.pause(id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!read(freeze).equals("1") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals("1", read(freeze), "the engine wrote the freezer");
    Future<Void> closing = engine.close();
    Files.writeString(events, "populated 1\nfrozen 1\n");  // the kernel settles the freeze
    await(pausing.otherwiseEmpty());
    await(closing);
    assertEquals("0", read(freeze), "a closed engine leaves nothing frozen");
  }

  @Test
  void aClosedEngineFreezesNothing() throws Exception {
    FreezerContainerEngine engine = engine(false);
    await(engine.close());
    assertThrows(ExecutionException.class, () -> await(engine.pause(id)));
    assertEquals("THAWED", Files.readString(state));
    assertTrue(api.ops.isEmpty(), "no pause through the Engine API either: " + api.ops);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
