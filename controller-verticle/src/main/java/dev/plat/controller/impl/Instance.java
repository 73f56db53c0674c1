package dev.plat.controller.impl;

import dev.plat.cluster.Route;
import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.function.Supplier;

/** One instance of a function, as the controller tracks it. Mutated on the controller's context only. */
final class Instance {

  /** Instance states, published in instance status events. */
  public enum State {
    STARTING, READY, PAUSED, STOPPING, CRASHED;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String id;
  private final String function;
  private final long version;
  private final String fingerprint;
  private final String node;
  private final String socket;
  private final FunctionSpec.Limits limits;
  private final Promise<Void> gone = Promise.promise();
  private String containerId;
  private final java.util.Set<String> discarded = new java.util.HashSet<>();
  private State state = State.STARTING;
  private long activeSince;
  private boolean frozen;
  private boolean adopted;
  private Future<Void> pending = Future.succeededFuture();

  public Instance(String id, String function, long version, String fingerprint, String node, String socket) {
    this(id, function, version, fingerprint, node, socket, FunctionSpec.Limits.DEFAULT);
  }

  /** An instance whose route carries {@code limits.concurrency} and {@code limits.timeoutSeconds}. */
  public Instance(String id, String function, long version, String fingerprint, String node, String socket,
                  FunctionSpec.Limits limits) {
    this.limits = limits;
    this.id = id;
    this.function = function;
    this.version = version;
    this.fingerprint = fingerprint;
    this.node = node;
    this.socket = socket;
  }

  public String id() {
    return id;
  }

  /**
   * Notes that container {@code containerId} was meant for this instance but given up (a pool
   * container whose specialization failed, removed before a container of its own starts): its
   * events are not this instance's crashes.
   */
  public void discard(String containerId) {
    discarded.add(containerId);
  }

  /**
   * Whether an event of {@code containerId} says nothing about this instance: a container it gave
   * up, or another than its own once it has one.
   */
  public boolean foreign(String containerId) {
    return discarded.contains(containerId) || (this.containerId != null && !this.containerId.equals(containerId));
  }

  public String function() {
    return function;
  }

  public long version() {
    return version;
  }

  /** The {@link InstanceSpecs#fingerprint} of the settings the instance runs with. */
  public String fingerprint() {
    return fingerprint;
  }

  public String node() {
    return node;
  }

  public String socket() {
    return socket;
  }

  public String containerId() {
    return containerId;
  }

  public void containerId(String id) {
    this.containerId = id;
  }

  public State state() {
    return state;
  }

  public void state(State state) {
    this.state = state;
  }

  /** Starting, ready or paused: counts towards the function's instances. */
  public boolean isLive() {
    return state == State.STARTING || state == State.READY || state == State.PAUSED;
  }

  /** The limits the instance runs with. */
  public FunctionSpec.Limits limits() {
    return limits;
  }

  /** When the instance last became ready or was resumed (epoch ms): its idleness counts from then at the earliest. */
  public long activeSince() {
    return activeSince;
  }

  public void activeSince(long at) {
    this.activeSince = at;
  }

  /**
   * Whether the instance's container ran before this controller knew it (found by a reconciliation):
   * while its health is re-checked it counts as one that serves, not as one being started.
   */
  public boolean adopted() {
    return adopted;
  }

  public void adopted(boolean adopted) {
    this.adopted = adopted;
  }

  /** Whether its container is (or is being) paused. */
  public boolean frozen() {
    return frozen;
  }

  public void frozen(boolean frozen) {
    this.frozen = frozen;
  }

  /**
   * Runs {@code op} once the operations queued before it (pause, resume, stop) are over, whatever
   * their outcome: the container sees them in order. @return the outcome of {@code op}.
   */
  public Future<Void> then(Supplier<Future<Void>> op) {
    Future<Void> next = pending.transform(ignored -> op.get());
    pending = next;
    return next;
  }

  /** Completes once the instance's container and folder are removed. */
  public Promise<Void> gone() {
    return gone;
  }

  /**
   * Its route: through {@code proxy} from other nodes, with the function's concurrency and timeout,
   * and its container, whose processes alone the proxy talks to on {@link #socket()}.
   *
   * @throws IllegalStateException before its container is known: a route without one would not be checked
   */
  public Route route(String proxy) {
    if (containerId == null) {
      throw new IllegalStateException("instance " + id + " of " + function + " has no container yet: no route");
    }
    return new Route(function, id, version, node, socket, proxy, limits.concurrency(), limits.timeoutSeconds(),
      containerId);
  }

  /** {@code {"id","state","version","node","container"}} as in a function status. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("state", state.id()).put("version", version)
      .put("node", node).put("container", containerId);
  }
}
