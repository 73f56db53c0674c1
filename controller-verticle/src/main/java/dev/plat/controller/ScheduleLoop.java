package dev.plat.controller;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.Schedule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The schedules' clock, run by the leading controller only (so exactly one node decides). For
 * every function with a {@code schedule} it learns the last fired tick (the mark the gateway keeps
 * beside the invocations, {@link Ticks#mark}), then at each due tick asks a gateway to submit it as
 * an asynchronous invocation ({@link Ticks#fire}), whose id comes from the key
 * {@code schedule:<function>:<tick>}: a tick fired by two leaders across a failover is one invocation.
 *
 * <p>Missed ticks (no leader, no gateway, a long pause): when a function's next tick is past, the
 * latest due tick is fired once and the earlier ones of the missed period are skipped, like a
 * Kubernetes CronJob whose starting deadline covers one run. A function seen for the first time, or
 * whose schedule or time zone changed since its last tick, starts with the first tick after now.
 *
 * <p>Runs on the context that started it; wakes at the earliest due tick, and at least every
 * {@link #RESCAN_MS} to see functions deployed, changed or deleted.
 */
public final class ScheduleLoop {
  private static final Logger LOG = Logger.getLogger(ScheduleLoop.class.getName());
  /** The longest the loop sleeps: how soon a new or changed schedule (or a failed fire) is looked at. */
  static final long RESCAN_MS = 1_000;
  /** How long a gateway may take to store a tick before the leader tries again. */
  public static final long TICK_TIMEOUT_MS = 10_000;

  /** Where ticks go: the gateways' {@code ScheduleDesk}, over the bus, in production. */
  public interface Ticks {
    /** Submits {@code function}'s {@code tick} (once per tick whoever asks); {@code {id, tick}}. */
    Future<JsonObject> fire(String function, long tick, String expression);

    /** The last fired tick of {@code function}: {@code {tick, expression, id}}, or {@code {}}. */
    Future<JsonObject> mark(String function);

    /** The ticks over {@link Names.Address#SCHEDULE_TICKS}, each request failing after {@code timeoutMs}. */
    static Ticks eventBus(Vertx vertx, long timeoutMs) {
      return new Ticks() {
        @Override
        public Future<JsonObject> fire(String function, long tick, String expression) {
          return ask("fire", new JsonObject().put("function", function).put("tick", tick).put("expression", expression));
        }

        @Override
        public Future<JsonObject> mark(String function) {
          return ask("mark", new JsonObject().put("function", function));
        }

        private Future<JsonObject> ask(String action, JsonObject body) {
          DeliveryOptions options = new DeliveryOptions().addHeader("action", action).setSendTimeout(timeoutMs);
          return vertx.eventBus().<JsonObject>request(Names.Address.SCHEDULE_TICKS, body, options).map(Message::body);
        }
      };
    }
  }

  private final Scheduler scheduler;
  private final Supplier<List<FunctionSpec>> specs;
  private final Ticks ticks;
  private final Map<String, Entry> entries = new HashMap<>();
  private long timer = -1;
  private boolean running;

  /** One function's schedule as the loop follows it. */
  private static final class Entry {
    final Schedule schedule;
    /** The mark was read: {@link #next} is known. */
    boolean ready;
    boolean asking;
    boolean firing;
    long next;
    Long lastTick;
    String lastId;

    Entry(Schedule schedule) {
      this.schedule = schedule;
    }

    String key() {
      return schedule.toString();
    }
  }

  /**
   * @param specs the registered functions now (read at every wake-up)
   */
  public ScheduleLoop(Scheduler scheduler, Supplier<List<FunctionSpec>> specs, Ticks ticks) {
    this.scheduler = scheduler;
    this.specs = specs;
    this.ticks = ticks;
  }

  public void start() {
    running = true;
    step();
  }

  /** Stops deciding (this node stepped down); a fire under way still completes at the gateway. */
  public void stop() {
    running = false;
    scheduler.cancel(timer);
    entries.clear();
  }

  /** Every schedule: function, schedule, timezone, nextRun (epoch ms, absent until known), lastRun {tick, id}. */
  public JsonArray view() {
    Map<String, JsonObject> sorted = new TreeMap<>();
    entries.forEach((name, e) -> {
      JsonObject row = new JsonObject().put("function", name).put("schedule", e.schedule.expression())
        .put("timezone", e.schedule.zone().getId());
      if (e.ready) {
        row.put("nextRun", e.next);
      }
      if (e.lastTick != null) {
        row.put("lastRun", new JsonObject().put("tick", e.lastTick).put("id", e.lastId));
      }
      sorted.put(name, row);
    });
    return new JsonArray(List.copyOf(sorted.values()));
  }

  /** Answers a {@link Names.Address#SCHEDULES} request. */
  public void onRequest(Message<Object> msg) {
    msg.reply(new JsonObject().put("schedules", view()));
  }

  private void step() {
    if (!running) {
      return;
    }
    refresh();
    long now = scheduler.now();
    long wake = now + RESCAN_MS;
    Map<String, Entry> due = new TreeMap<>();
    for (Map.Entry<String, Entry> item : entries.entrySet()) {
      Entry e = item.getValue();
      if (!e.ready || e.firing) {
        continue;
      }
      if (e.next <= now) {
        due.put(item.getKey(), e);
      } else {
        wake = Math.min(wake, e.next);
      }
    }
    scheduler.cancel(timer);
    timer = scheduler.schedule(Math.max(0, wake - now), this::step);
    due.forEach((name, e) -> fire(name, e, now));
  }

  /** Looks again at once (on a timer: never from inside a step). */
  private void wakeSoon() {
    if (running) {
      scheduler.cancel(timer);
      timer = scheduler.schedule(0, this::step);
    }
  }

  /** Follows the functions' schedules as the registry has them now; asks for the marks it lacks. */
  private void refresh() {
    Map<String, Schedule> wanted = new HashMap<>();
    for (FunctionSpec spec : specs.get()) {
      if (Schedule.isNone(spec.schedule())) {
        continue;
      }
      try {
        wanted.put(spec.name(), Schedule.parse(spec.schedule(), spec.scheduleTimezone()));
      } catch (PlatError e) {
        LOG.warning("schedules: " + spec.name() + ": " + e.getMessage());  // refused at deploy; kept from an older platform
      }
    }
    entries.keySet().removeIf(name -> !wanted.containsKey(name));
    wanted.forEach((name, schedule) -> {
      Entry e = entries.get(name);
      if (e == null || !e.key().equals(schedule.toString())) {
        e = new Entry(schedule);
        entries.put(name, e);
      }
      if (!e.ready && !e.asking) {
        ask(name, e);
      }
    });
  }

  private void ask(String name, Entry e) {
    e.asking = true;
    ticks.mark(name).onComplete(ar -> {
      e.asking = false;
      if (!running || entries.get(name) != e) {
        return;
      }
      if (ar.failed()) {
        LOG.fine(() -> "schedules: no mark for " + name + " yet: " + ar.cause());
        return;  // the next step asks again
      }
      JsonObject mark = ar.result();
      long now = scheduler.now();
      Long tick = mark.getLong("tick");
      if (tick != null && e.key().equals(mark.getString("expression"))) {
        e.lastTick = tick;
        e.lastId = mark.getString("id");
        e.next = e.schedule.nextAfter(tick);
      } else {
        e.next = e.schedule.nextAfter(now);
      }
      e.ready = true;
      wakeSoon();
    });
  }

  private void fire(String name, Entry e, long now) {
    // once for the whole missed period: the latest due tick, not every one since e.next
    long tick = Math.max(e.next, e.schedule.latestAtOrBefore(now));
    e.firing = true;
    ticks.fire(name, tick, e.key()).onComplete(ar -> {
      e.firing = false;
      if (!running || entries.get(name) != e) {
        return;
      }
      if (ar.failed()) {
        LOG.warning("schedules: tick " + tick + " of " + name + " not submitted yet (" + ar.cause().getMessage()
          + "); trying again");
        return;  // e.next unchanged: the next step fires the latest due tick
      }
      e.lastTick = tick;
      e.lastId = ar.result().getString("id");
      e.next = e.schedule.nextAfter(tick);
      wakeSoon();
    });
  }
}
