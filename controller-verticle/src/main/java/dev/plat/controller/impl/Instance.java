package dev.plat.controller.impl;

import dev.plat.cluster.Route;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** One instance of a function, as the controller tracks it. Mutated on the controller's context only. */
public final class Instance {

  /** Instance states, published in instance status events. */
  public enum State {
    STARTING, READY, STOPPING, CRASHED;

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
  private final Promise<Void> gone = Promise.promise();
  private String containerId;
  private State state = State.STARTING;

  public Instance(String id, String function, long version, String fingerprint, String node, String socket) {
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

  /** Starting or ready: counts towards the function's instances. */
  public boolean isLive() {
    return state == State.STARTING || state == State.READY;
  }

  /** Completes once the instance's container and folder are removed. */
  public Promise<Void> gone() {
    return gone;
  }

  public Route route(String proxy) {
    return new Route(function, id, version, node, socket, proxy);
  }

  /** {@code {"id","state","version","node","container"}} as in a function status. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("state", state.id()).put("version", version)
      .put("node", node).put("container", containerId);
  }
}
