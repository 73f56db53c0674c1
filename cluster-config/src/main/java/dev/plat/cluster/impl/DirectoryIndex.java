package dev.plat.cluster.impl;

import dev.plat.cluster.FunctionDirectory.Entry;
import dev.plat.cluster.api.TrafficSplit;
import java.util.HashMap;
import java.util.Map;

/** An immutable snapshot of the function directory: by name, by host, and the splits. Swapped whole on change. */
record DirectoryIndex(Map<String, Entry> byName, Map<String, Entry> byHost, Map<String, TrafficSplit> splits) {
  static final DirectoryIndex EMPTY = new DirectoryIndex(Map.of(), Map.of(), Map.of());

  static DirectoryIndex of(Iterable<Entry> entries) {
    Map<String, Entry> names = new HashMap<>();
    Map<String, Entry> hosts = new HashMap<>();
    Map<String, TrafficSplit> splits = new HashMap<>();
    for (Entry e : entries) {
      names.put(e.name(), e);
      e.hosts().forEach(h -> hosts.put(h, e));
      if (e.split() != null) {
        splits.put(e.name(), e.split());
      }
    }
    return new DirectoryIndex(Map.copyOf(names), Map.copyOf(hosts), splits.isEmpty() ? Map.of() : Map.copyOf(splits));
  }
}
