package dev.plat.cluster.impl;

import dev.plat.cluster.FunctionDirectory.Entry;
import java.util.HashMap;
import java.util.Map;

/** An immutable snapshot of the function directory: by name and by host. Swapped whole on change. */
record DirectoryIndex(Map<String, Entry> byName, Map<String, Entry> byHost) {
  static final DirectoryIndex EMPTY = new DirectoryIndex(Map.of(), Map.of());

  static DirectoryIndex of(Iterable<Entry> entries) {
    Map<String, Entry> names = new HashMap<>();
    Map<String, Entry> hosts = new HashMap<>();
    for (Entry e : entries) {
      names.put(e.name(), e);
      e.hosts().forEach(h -> hosts.put(h, e));
    }
    return new DirectoryIndex(Map.copyOf(names), Map.copyOf(hosts));
  }
}
