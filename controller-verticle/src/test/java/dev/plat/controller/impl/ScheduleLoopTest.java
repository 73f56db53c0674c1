package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.ScheduleLoop;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ScheduleLoopTest {

  /** A gateway's desk in memory: one invocation per (function, tick), marks as the desk keeps them. */
  static final class Desk implements ScheduleLoop.Ticks {
    final List<String> fired = new ArrayList<>();
    final Map<String, JsonObject> marks = new HashMap<>();
    boolean down;

    @Override
    public Future<JsonObject> fire(String function, long tick, String expression) {
      if (down) {
        return Future.failedFuture("no gateway");
      }
      String id = function + "@" + tick;
      if (!fired.contains(id)) {
        fired.add(id);
      }
      JsonObject mark = marks.get(function);
      if (mark == null || mark.getLong("tick") < tick) {
        marks.put(function, new JsonObject().put("tick", tick).put("expression", expression).put("id", id));
      }
      return Future.succeededFuture(new JsonObject().put("id", id).put("tick", tick));
    }

    @Override
    public Future<JsonObject> mark(String function) {
      if (down) {
        return Future.failedFuture("no gateway");
      }
      JsonObject mark = marks.get(function);
      return Future.succeededFuture(mark == null ? new JsonObject() : mark.copy());
    }
  }

  private static FunctionSpec spec(String name, String schedule) {
    return new FunctionSpec(new JsonObject().put("name", name).put("runtime", "python-flask").put("schedule", schedule));
  }

  @Test
  void firesEachTickOnceAndResumesAfterAFailoverWithoutDoubles() {
    ManualScheduler clock = new ManualScheduler();  // now = 1_000_000
    Desk desk = new Desk();
    List<FunctionSpec> specs = new CopyOnWriteArrayList<>(List.of(spec("tick", "@every 2s"), spec("plain", null)));
    ScheduleLoop leader = new ScheduleLoop(clock, () -> specs, desk);
    leader.start();
    clock.advance(5_000);  // 1_000_000 .. 1_005_000: ticks at 1_002_000 and 1_004_000
    assertEquals(List.of("tick@1002000", "tick@1004000"), desk.fired);
    JsonObject row = leader.view().getJsonObject(0);
    assertEquals("tick", row.getString("function"));
    assertEquals(1_006_000L, row.getLong("nextRun"));
    assertEquals("tick@1004000", row.getJsonObject("lastRun").getString("id"));
    assertEquals(1, leader.view().size(), "a function without a schedule is not listed");

    // the leader dies; a new one takes over at the same time and resumes from the mark: no double
    leader.stop();
    ScheduleLoop next = new ScheduleLoop(clock, () -> specs, desk);
    next.start();
    clock.advance(1_500);  // 1_006_500: tick 1_006_000
    assertEquals(List.of("tick@1002000", "tick@1004000", "tick@1006000"), desk.fired);

    // two leaders at once (an old one not yet told): the same tick is still one invocation
    ScheduleLoop stale = new ScheduleLoop(clock, () -> specs, desk);
    stale.start();
    clock.advance(2_000);
    assertEquals(List.of("tick@1002000", "tick@1004000", "tick@1006000", "tick@1008000"), desk.fired);
    stale.stop();
    next.stop();
  }

  @Test
  void anOutageFiresOnceForTheMissedPeriod() {
    ManualScheduler clock = new ManualScheduler();
    Desk desk = new Desk();
    List<FunctionSpec> specs = List.of(spec("tick", "@every 2s"));
    ScheduleLoop loop = new ScheduleLoop(clock, () -> specs, desk);
    loop.start();
    clock.advance(2_500);
    assertEquals(List.of("tick@1002000"), desk.fired);
    desk.down = true;  // no gateway answers for 10 s: ticks 1_004_000 .. 1_012_000 are missed
    clock.advance(10_000);
    assertEquals(1, desk.fired.size());
    desk.down = false;
    clock.advance(600);  // 1_013_100: the retry (every second) fires the latest due tick, once
    assertEquals(List.of("tick@1002000", "tick@1012000"), desk.fired);
    clock.advance(1_500);
    assertEquals(List.of("tick@1002000", "tick@1012000", "tick@1014000"), desk.fired);
    loop.stop();

    // a leader that comes back long after (no leader at all meanwhile) also fires once, then goes on
    clock.advance(60_000);
    ScheduleLoop back = new ScheduleLoop(clock, () -> specs, desk);
    back.start();
    clock.advance(10);
    assertEquals("tick@1074000", desk.fired.get(desk.fired.size() - 1));
    assertEquals(4, desk.fired.size());
    back.stop();
  }

  @Test
  void followsDeploysChangesAndDeletes() {
    ManualScheduler clock = new ManualScheduler();
    Desk desk = new Desk();
    List<FunctionSpec> specs = new CopyOnWriteArrayList<>();
    ScheduleLoop loop = new ScheduleLoop(clock, () -> specs, desk);
    loop.start();
    clock.advance(5_000);
    assertTrue(desk.fired.isEmpty());
    specs.add(spec("cron", "*/3 * * * * *"));  // seconds 0, 3, 6, ... of each minute
    clock.advance(1_500);  // seen at 1_006_000 (a step): its first tick is the next one, second 48 of the minute (1_008_000)
    assertTrue(desk.fired.isEmpty());
    assertEquals(1_008_000L, loop.view().getJsonObject(0).getLong("nextRun"));
    clock.advance(3_000);
    assertEquals(List.of("cron@1008000"), desk.fired);
    // a changed schedule starts after now, whatever the old one's mark says
    specs.set(0, spec("cron", "@every 10s"));
    clock.advance(11_000);  // seen at 1_010_000: next 1_020_000
    assertEquals(List.of("cron@1008000", "cron@1020000"), desk.fired);
    specs.clear();
    clock.advance(30_000);
    assertEquals(2, desk.fired.size(), "a deleted schedule stops");
    assertEquals(0, loop.view().size());
    loop.stop();
  }
}
