package dev.plat.controller.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One fenced change of the cluster registry: records to set and names to remove, applied only when
 * the registry is seeded and {@code token} is at least the highest term the registry has seen
 * (cluster-wide, not per record: a leader that lost its term can neither overwrite, delete nor add
 * anything once a newer term exists). The backup gets the state it stored ({@link RegistryCopy}); a
 * refused write sends none. Returns {@code {outcome, term, revision}}.
 */
final class RegistryWrite implements EntryProcessor<String, RegistryState, long[]>, DataSerializable {
  static final long APPLIED = 0;
  static final long STALE = 1;
  static final long NOT_SEEDED = 2;

  private long token;
  private Map<String, String> sets = new TreeMap<>();
  private List<String> removes = new ArrayList<>();
  private transient RegistryState stored;

  /** For Hazelcast. */
  public RegistryWrite() {
  }

  RegistryWrite(long token, Map<String, String> sets, List<String> removes) {
    this.token = token;
    this.sets = new TreeMap<>(sets);
    this.removes = new ArrayList<>(removes);
  }

  @Override
  public long[] process(Map.Entry<String, RegistryState> entry) {
    stored = null;
    RegistryState state = entry.getValue();
    if (state == null || !state.seeded()) {
      return new long[] {NOT_SEEDED, state == null ? 0 : state.term(), 0};
    }
    if (token < state.term()) {
      return new long[] {STALE, state.term(), state.revision()};
    }
    state.term(token);
    state.records().putAll(sets);
    removes.forEach(state.records()::remove);
    state.revision(state.revision() + 1);
    entry.setValue(state);
    stored = state;
    return new long[] {APPLIED, state.term(), state.revision()};
  }

  @Override
  public EntryProcessor<String, RegistryState, long[]> getBackupProcessor() {
    return stored == null ? null : new RegistryCopy<>(stored);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(token);
    RecordsData.write(out, sets);
    out.writeStringArray(removes.toArray(String[]::new));
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    token = in.readLong();
    sets = RecordsData.read(in);
    removes = List.of(in.readStringArray());
  }
}
