package dev.plat.cluster.impl;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.plat.cluster.Names;
import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The routing table on the Hazelcast {@code ReplicatedMap} {@link Names.Hz#ROUTES}: instance id to
 * route JSON. Every event re-reads its key from the local replica, so the snapshot always
 * converges to the replica whatever the order of events; a periodic resync is the safety net.
 * The routes written through this table and not removed through it are remembered (under one lock
 * with the writes, so a removal and a {@link #restore} never cross) for {@link #restore}.
 */
public final class HazelcastRouteTable implements RouteTable {
  static final long RESYNC_MILLIS = 10_000;
  private static final Logger LOG = Logger.getLogger(HazelcastRouteTable.class.getName());

  private final Vertx vertx;
  private final ReplicatedMap<String, String> map;
  private final RouteIndex index = new RouteIndex();
  private final Map<String, Route> written = new HashMap<>();
  private final ChangeListeners listeners = new ChangeListeners();
  private UUID listenerId;
  private long timerId;

  private HazelcastRouteTable(Vertx vertx, ReplicatedMap<String, String> map) {
    this.vertx = vertx;
    this.map = map;
  }

  /** Opens the table off the event loop (the first access waits for the replica to fill). */
  public static Future<RouteTable> create(Vertx vertx, HazelcastInstance hazelcast) {
    return create(vertx, hazelcast, RESYNC_MILLIS);
  }

  /**
   * {@link #create(Vertx, HazelcastInstance)} with a resync every {@code resyncMillis}; 0: none,
   * the entry listeners alone keep the snapshot (for tests that prove they do).
   */
  public static Future<RouteTable> create(Vertx vertx, HazelcastInstance hazelcast, long resyncMillis) {
    return vertx.executeBlocking(() -> {
      ReplicatedMap<String, String> map = hazelcast.getReplicatedMap(Names.Hz.ROUTES);
      HazelcastRouteTable table = new HazelcastRouteTable(vertx, map);
      table.listenerId = map.addEntryListener(table.new Listener());
      table.resync();
      table.timerId = resyncMillis <= 0 ? -1 : vertx.setPeriodic(resyncMillis, id -> vertx.executeBlocking(() -> {
        table.resync();
        return null;
      }, false));
      return table;
    });
  }

  @Override
  public Future<Void> put(Route route) {
    Objects.requireNonNull(route, "route");
    String json = route.toJson().encode();
    return vertx.executeBlocking(() -> {
      synchronized (written) {
        map.put(route.instance(), json);
        written.put(route.instance(), route);
      }
      refresh(route.instance());
      return null;
    });
  }

  @Override
  public Future<Void> remove(String function, String instance) {
    return vertx.executeBlocking(() -> {
      synchronized (written) {
        map.remove(instance);
        written.remove(instance);
      }
      refresh(instance);
      return null;
    });
  }

  @Override
  public Future<Void> removeNode(String node) {
    return vertx.executeBlocking(() -> {
      for (Map.Entry<String, String> entry : map.entrySet()) {
        Route route = parse(entry.getKey(), entry.getValue());
        if (route != null && node.equals(route.node())) {
          synchronized (written) {
            map.remove(entry.getKey());
            written.remove(entry.getKey());
          }
          refresh(entry.getKey());
        }
      }
      return null;
    });
  }

  @Override
  public Future<Integer> restore(String node) {
    return vertx.executeBlocking(() -> {
      List<String> restored = new ArrayList<>();
      synchronized (written) {
        for (Route route : written.values()) {
          if (node.equals(route.node()) && !map.containsKey(route.instance())) {
            map.put(route.instance(), route.toJson().encode());
            restored.add(route.instance());
          }
        }
      }
      restored.forEach(this::refresh);
      return restored.size();
    }, false);
  }

  @Override
  public List<Route> routes(String function) {
    return index.routes(function);
  }

  @Override
  public Map<String, List<Route>> snapshot() {
    return index.snapshot();
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(vertx.getOrCreateContext(), listener);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(timerId);
    return vertx.executeBlocking(() -> {
      map.removeEntryListener(listenerId);
      return null;
    });
  }

  /**
   * Brings {@code instance}'s route in the snapshot up to the map. A change is applied and its
   * listeners queued in one critical section: a write (on a worker) and Hazelcast's event for it
   * (on an event thread) both refresh, and whichever comes second finds nothing changed and returns,
   * which must not let the write's future complete before the listeners of its change are queued.
   */
  private void refresh(String instance) {
    synchronized (index) {
      String json = map.get(instance);
      if (index.apply(instance, json == null ? null : parse(instance, json))) {
        listeners.fire();
      }
    }
  }

  private void resync() {
    synchronized (index) {
      Map<String, Route> routes = new HashMap<>();
      map.forEach((instance, json) -> {
        Route route = parse(instance, json);
        if (route != null) {
          routes.put(instance, route);
        }
      });
      if (index.replaceAll(routes)) {
        listeners.fire();
      }
    }
  }

  private static Route parse(String instance, String json) {
    try {
      return new Route(new JsonObject(json));
    } catch (DecodeException | ClassCastException e) {
      LOG.warning(() -> "ignoring unreadable route of instance " + instance + ": " + e.getMessage());
      return null;
    }
  }

  private final class Listener implements EntryListener<String, String> {
    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      refresh(event.getKey());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      refresh(event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      refresh(event.getKey());
    }

    @Override
    public void entryEvicted(EntryEvent<String, String> event) {
      refresh(event.getKey());
    }

    @Override
    public void entryExpired(EntryEvent<String, String> event) {
      refresh(event.getKey());
    }

    @Override
    public void mapCleared(MapEvent event) {
      resync();
    }

    @Override
    public void mapEvicted(MapEvent event) {
      resync();
    }
  }
}
