package dev.plat.controller.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.plat.controller.FunctionRecord;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry as the cluster holds it: the one value of {@link HazelcastRegistryStore#KEY} in the
 * registry map, so that a fenced write and the term it is checked against change together in one
 * atomic operation on one partition.
 *
 * <ul>
 *   <li>{@code term}: the highest fencing token seen (raised by {@link NextTerm}, by seeding and by writes);</li>
 *   <li>{@code revision}: raised by every applied change, {@link FileRegistryStore.Snapshot#NONE} while nothing was
 *       offered; a disk copy's revision says how new it is;</li>
 *   <li>{@code seeded}: the records are this cluster lifetime's registry. Until then they are the newest disk copy
 *       offered by a controller member ({@link RegistrySeed}), and writes are refused.</li>
 * </ul>
 */
final class RegistryState implements DataSerializable {
  private long term;
  private long revision = FileRegistryStore.Snapshot.NONE;
  private boolean seeded;
  private TreeMap<String, String> records = new TreeMap<>();

  /** An empty, unseeded state (also used by Hazelcast to deserialize). */
  public RegistryState() {
  }

  public long term() {
    return term;
  }

  public long revision() {
    return revision;
  }

  public boolean seeded() {
    return seeded;
  }

  /** Function name to its {@link FunctionRecord} JSON text. */
  public Map<String, String> records() {
    return records;
  }

  /** The records, sorted by name. */
  public List<FunctionRecord> functionRecords() {
    return records.values().stream().map(text -> new FunctionRecord(new JsonObject(text))).toList();
  }

  void term(long newTerm) {
    term = newTerm;
  }

  void revision(long newRevision) {
    revision = newRevision;
  }

  void seeded(boolean isSeeded) {
    seeded = isSeeded;
  }

  void records(Map<String, String> newRecords) {
    records = new TreeMap<>(newRecords);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(term);
    out.writeLong(revision);
    out.writeBoolean(seeded);
    RecordsData.write(out, records);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    term = in.readLong();
    revision = in.readLong();
    seeded = in.readBoolean();
    records = RecordsData.read(in);
  }

  @Override
  public String toString() {
    return "RegistryState{term=" + term + ", revision=" + revision + ", seeded=" + seeded + ", records="
      + records.keySet() + "}";
  }
}
