package dev.plat.controller.impl;

import dev.plat.controller.FunctionRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the controller knows of one registered function at run time: its record, its instances,
 * its crashes and its published state. Mutated on the controller's context only.
 *
 * <p>A version other than the current one that serves (a traffic split gives it a share, or a
 * request addressed it as {@code NAME@vN}) is a <em>unit</em> of its own: a state named by its key
 * {@code NAME@vN} ({@link #name()}), whose record holds that version's spec, with its own
 * instances, routes (under the key), scale, activation and idleness. See {@link Functions#unit}.
 */
final class FunctionState {
  /**
   * Function states, as published in status events and returned in a status ({@link #id()} on the
   * wire). The converger derives the first six; the last three are published by a deploy and a
   * deletion, outside the registry's lifecycle.
   */
  enum State {
    STARTING("starting"),
    READY("ready"),
    /** Every instance is paused: the next request resumes one. */
    PAUSED("paused"),
    /** No instance ({@code scaling.min} 0, idle): the next request starts one. */
    SCALED_TO_ZERO("scaled-to-zero"),
    FAILING("failing"),
    STOPPED("stopped"),
    BUILDING("building"),
    BUILD_FAILED("build_failed"),
    DELETED("deleted");

    private final String id;

    State(String id) {
      this.id = id;
    }

    /** The state as the API, the events and the dashboard spell it. */
    String id() {
      return id;
    }
  }

  private final String name;
  private final CrashTracker crashes;
  private final Map<String, Instance> instances = new LinkedHashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private FunctionRecord record;
  private State state;
  private boolean failing;
  private Failure lastFailure;
  private long nextStartAt;
  private long restartTimer = -1;
  private long crashSerial;
  private int scale = -1;
  private long lastActive;
  private Future<JsonObject> activation;
  private boolean inSplit;

  public FunctionState(FunctionRecord record, CrashTracker crashes) {
    this(record.name(), record, crashes);
  }

  /** A state named {@code key}: the function's name, or a unit's {@code NAME@vN}. */
  public FunctionState(String key, FunctionRecord record, CrashTracker crashes) {
    this.name = key;
    this.record = record;
    this.crashes = crashes;
  }

  /** The key its instances are routed and scaled under: the function's name, or {@code NAME@vN} for a unit. */
  public String name() {
    return name;
  }

  /** Whether this is a unit of a version other than the current one ({@code NAME@vN}). */
  public boolean isUnit() {
    return record != null ? !name.equals(record.name()) : name.contains(dev.plat.cluster.api.TrafficSplit.VERSION_MARK);
  }

  /** The registry record, or {@code null} once the function is deleted. */
  public FunctionRecord record() {
    return record;
  }

  public void record(FunctionRecord record) {
    this.record = record;
  }

  public boolean deleted() {
    return record == null;
  }

  public boolean wantsRunning() {
    return record != null && record.desired() == FunctionRecord.Desired.RUNNING;
  }

  public CrashTracker crashes() {
    return crashes;
  }

  public Collection<Instance> instances() {
    return instances.values();
  }

  public Instance instance(String id) {
    return instances.get(id);
  }

  public void add(Instance instance) {
    instances.put(instance.id(), instance);
  }

  public void remove(Instance instance) {
    instances.remove(instance.id());
  }

  /** The last published state, {@code null} before the first. */
  public State state() {
    return state;
  }

  public void state(State state) {
    this.state = state;
  }

  public boolean failing() {
    return failing;
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** The reason of the last failure, {@code null} when there was none. */
  public String lastError() {
    return lastFailure == null ? null : lastFailure.reason();
  }

  /** The last log lines of the last failure (cleaned), empty when there was none. */
  public List<String> lastLogs() {
    return lastFailure == null ? List.of() : lastFailure.logs();
  }

  /** The last failure of an instance, {@code null} when there was none since the last deploy or start. */
  public Failure lastFailure() {
    return lastFailure;
  }

  public void lastFailure(Failure failure) {
    this.lastFailure = failure;
  }

  /** How many crashes the function had since the controller started; grows by one per crash. */
  public long crashSerial() {
    return crashSerial;
  }

  public void noteCrash() {
    crashSerial++;
  }

  /** Starts a fresh attempt: no crash history, not failing, no last failure. */
  public void clearFailures() {
    crashes.reset();
    failing = false;
    lastFailure = null;
    nextStartAt = 0;
  }

  /** No instance may be started before this time (crash back-off), epoch ms. */
  public long nextStartAt() {
    return nextStartAt;
  }

  public void nextStartAt(long at) {
    this.nextStartAt = at;
  }

  public long restartTimer() {
    return restartTimer;
  }

  public void restartTimer(long id) {
    this.restartTimer = id;
  }

  /**
   * How many instances the function should have now (set by start, deploy, activation, the
   * autoscaler and the idle timeout); negative until first set.
   */
  public int scale() {
    return scale;
  }

  public void scale(int scale) {
    this.scale = scale;
  }

  /** When the function last had traffic, an activation, a start or a deploy (epoch ms). */
  public long lastActive() {
    return lastActive;
  }

  /** Notes activity at {@code now}. */
  public void touch(long now) {
    lastActive = Math.max(lastActive, now);
  }

  /** For a unit: whether the function's traffic split serves its version (else only requests addressing it do). */
  public boolean inSplit() {
    return inSplit;
  }

  public void inSplit(boolean inSplit) {
    this.inSplit = inSplit;
  }

  /** The activation in progress (shared by every request for it), or {@code null}. */
  public Future<JsonObject> activation() {
    return activation;
  }

  public void activation(Future<JsonObject> activation) {
    this.activation = activation;
  }

  /** A future completed by {@link #settle()} once {@code condition} holds, or failed by {@link #expire}. */
  public Future<FunctionState> await(Predicate<FunctionState> condition) {
    Promise<FunctionState> promise = Promise.promise();
    waiters.add(new Waiter(condition, promise));
    settle();
    return promise.future();
  }

  /** Completes the waiters whose condition now holds. */
  public void settle() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.promise.future().isComplete()) {
        it.remove();
      } else if (w.condition.test(this)) {
        it.remove();
        w.promise.tryComplete(this);
      }
    }
  }

  private record Waiter(Predicate<FunctionState> condition, Promise<FunctionState> promise) {
  }
}
