package dev.plat.cluster.impl;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.cluster.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The function directory on the Hazelcast {@code ReplicatedMap} {@link Names.Hz#FUNCTIONS}: name
 * to entry JSON. Any change rebuilds the local snapshot from the local replica (a few hundred
 * entries at most; changes are rare, lookups are per request).
 */
public final class HazelcastFunctionDirectory implements FunctionDirectory {
  private final Vertx vertx;
  private final ReplicatedMap<String, String> map;
  private volatile DirectoryIndex index = DirectoryIndex.EMPTY;

  private HazelcastFunctionDirectory(Vertx vertx, ReplicatedMap<String, String> map) {
    this.vertx = vertx;
    this.map = map;
  }

  /** Opens the directory off the event loop. */
  public static Future<FunctionDirectory> create(Vertx vertx, HazelcastInstance hazelcast) {
    return vertx.executeBlocking(() -> {
      ReplicatedMap<String, String> map = hazelcast.getReplicatedMap(Names.Hz.FUNCTIONS);
      HazelcastFunctionDirectory directory = new HazelcastFunctionDirectory(vertx, map);
      map.addEntryListener(new EntryAdapter<String, String>() {
        @Override
        public void onEntryEvent(EntryEvent<String, String> event) {
          directory.rebuild();
        }

        @Override
        public void onMapEvent(MapEvent event) {
          directory.rebuild();
        }
      });
      directory.rebuild();
      return directory;
    });
  }

  @Override
  public Future<Void> put(Entry entry) {
    String json = entry.toJson().encode();
    return vertx.executeBlocking(() -> {
      map.put(entry.name(), json);
      rebuild();
      return null;
    });
  }

  @Override
  public Future<Void> remove(String name) {
    return vertx.executeBlocking(() -> {
      map.remove(name);
      rebuild();
      return null;
    });
  }

  @Override
  public Entry byName(String name) {
    return index.byName().get(name);
  }

  @Override
  public Entry byHost(String host) {
    return index.byHost().get(host);
  }

  @Override
  public Map<String, TrafficSplit> splits() {
    return index.splits();
  }

  private synchronized void rebuild() {
    List<Entry> entries = new ArrayList<>();
    map.values().forEach(json -> entries.add(new Entry(new JsonObject(json))));
    index = DirectoryIndex.of(entries);
  }
}
