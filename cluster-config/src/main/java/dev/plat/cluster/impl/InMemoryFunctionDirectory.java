package dev.plat.cluster.impl;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.api.TrafficSplit;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The function directory held in this JVM only: the fake for tests. */
public final class InMemoryFunctionDirectory implements FunctionDirectory {
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile DirectoryIndex index = DirectoryIndex.EMPTY;

  @Override
  public Future<Void> put(Entry entry) {
    entries.put(entry.name(), entry);
    index = DirectoryIndex.of(entries.values());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> remove(String name) {
    entries.remove(name);
    index = DirectoryIndex.of(entries.values());
    return Future.succeededFuture();
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
}
