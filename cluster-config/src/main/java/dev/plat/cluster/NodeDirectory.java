package dev.plat.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The nodes of the cluster as they describe themselves ({@link NodeInfo}: roles, addresses, data
 * folder, capacity), in the {@code ReplicatedMap} {@link Names.Hz#NODES}: each node writes its own
 * entry when its listeners are bound; reads are local. {@link #live()} keeps only the nodes whose
 * member is in the cluster now, so a node that died is gone from it as soon as Hazelcast says so,
 * whether or not its entry was removed yet.
 */
public final class NodeDirectory {
  private final Vertx vertx;
  private final Map<String, String> map;
  private final Supplier<List<ClusterMember>> members;
  private final List<Handler<String>> announceHandlers = new CopyOnWriteArrayList<>();

  private NodeDirectory(Vertx vertx, Map<String, String> map, Supplier<List<ClusterMember>> members) {
    this.vertx = vertx;
    this.map = map;
    this.members = members;
  }

  /** The directory of {@code cluster}; opened off the event loop. */
  public static Future<NodeDirectory> hazelcast(Vertx vertx, HazelcastInstance hz, Supplier<List<ClusterMember>> members) {
    return vertx.executeBlocking(() -> {
      ReplicatedMap<String, String> map = hz.getReplicatedMap(Names.Hz.NODES);
      NodeDirectory directory = new NodeDirectory(vertx, map, members);
      map.addEntryListener(new EntryAdapter<String, String>() {
        @Override
        public void onEntryEvent(EntryEvent<String, String> event) {
          if (event.getValue() != null) {
            directory.announced(event.getKey());
          }
        }
      });
      return directory;
    });
  }

  /**
   * Calls {@code handler} on the caller's context with the node id each time a node writes its
   * entry (it started, or started again).
   */
  public void onAnnounce(Handler<String> handler) {
    Context context = vertx.getOrCreateContext();
    announceHandlers.add(nodeId -> context.runOnContext(v -> handler.handle(nodeId)));
  }

  private void announced(String nodeId) {
    announceHandlers.forEach(h -> h.handle(nodeId));
  }

  /** A directory of one JVM (tests, and a node outside any cluster): every entry is live. */
  public static NodeDirectory inMemory(Vertx vertx) {
    Map<String, String> map = new ConcurrentHashMap<>();
    return new NodeDirectory(vertx, map, () -> map.keySet().stream()
      .map(id -> new ClusterMember(id, "127.0.0.1", 0, false)).toList());
  }

  /**
   * A directory of one JVM whose cluster members are those {@code members} lists (tests): a member
   * without an entry is present but has not announced itself ({@link #unannounced()}), an entry
   * without a member is not live.
   */
  public static NodeDirectory inMemory(Vertx vertx, Supplier<List<ClusterMember>> members) {
    return new NodeDirectory(vertx, new ConcurrentHashMap<>(), members);
  }

  /** Writes this node's entry (off the event loop). */
  public Future<Void> put(NodeInfo node) {
    String json = node.toJson().encode();
    return vertx.<Void>executeBlocking(() -> {
      map.put(node.nodeId(), json);
      return null;
    }).onSuccess(v -> {
      if (!(map instanceof ReplicatedMap)) {
        announced(node.nodeId());
      }
    });
  }

  /** Removes a node's entry (off the event loop); succeeds when there is none. */
  public Future<Void> remove(String nodeId) {
    return vertx.executeBlocking(() -> {
      map.remove(nodeId);
      return null;
    });
  }

  /** A node's entry, live or not; {@code null} when it never wrote one. Never blocks (local replica). */
  public NodeInfo get(String nodeId) {
    String json = map.get(nodeId);
    return json == null ? null : new NodeInfo(new JsonObject(json));
  }

  /**
   * The node ids of the members in the cluster now that have not written their entry yet (they
   * joined Hazelcast and their listeners are not bound yet, e.g. in a whole-cluster restart);
   * members started without a node id are left out. Never blocks (local replica).
   */
  public Set<String> unannounced() {
    Set<String> out = new java.util.TreeSet<>();
    members.get().forEach(m -> {
      if (m.nodeId() != null && !map.containsKey(m.nodeId())) {
        out.add(m.nodeId());
      }
    });
    return out;
  }

  /** The nodes whose member is in the cluster now, by node id. Never blocks (local replica). */
  public Map<String, NodeInfo> live() {
    Set<String> present = members.get().stream().map(ClusterMember::nodeId).collect(Collectors.toSet());
    Map<String, NodeInfo> out = new TreeMap<>();
    map.forEach((id, json) -> {
      if (present.contains(id)) {
        out.put(id, new NodeInfo(new JsonObject(json)));
      }
    });
    return out;
  }
}
