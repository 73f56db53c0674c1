package dev.plat.controller.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Hazelcast wire form of a map of function name to record JSON text, shared by the registry's
 * state and the processors that change it: the size, then each name and text.
 */
final class RecordsData {
  private RecordsData() {
  }

  static void write(ObjectDataOutput out, Map<String, String> records) throws IOException {
    out.writeInt(records.size());
    for (Map.Entry<String, String> e : records.entrySet()) {
      out.writeString(e.getKey());
      out.writeString(e.getValue());
    }
  }

  /** The map {@link #write} wrote, sorted by name. */
  static TreeMap<String, String> read(ObjectDataInput in) throws IOException {
    int size = in.readInt();
    TreeMap<String, String> records = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      records.put(in.readString(), in.readString());
    }
    return records;
  }
}
