package dev.plat.controller.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Offers a member's disk copy of the registry to a cluster whose registry is not seeded yet (a
 * whole-cluster restart): the copy with the highest revision offered so far is kept. With {@code
 * seed} (the leader's load, fenced by its token) the kept copy becomes this lifetime's registry.
 * A seeded registry is never changed. The backup gets the state it stored ({@link RegistryCopy}), or
 * nothing when it changed nothing. Returns the state after.
 */
final class RegistrySeed implements EntryProcessor<String, RegistryState, RegistryState>, DataSerializable {
  private long token;
  private boolean seed;
  private long revision;
  private Map<String, String> records = new TreeMap<>();
  private transient RegistryState stored;

  /** For Hazelcast. */
  public RegistrySeed() {
  }

  RegistrySeed(long token, boolean seed, long revision, Map<String, String> records) {
    this.token = token;
    this.seed = seed;
    this.revision = revision;
    this.records = new TreeMap<>(records);
  }

  @Override
  public RegistryState process(Map.Entry<String, RegistryState> entry) {
    stored = null;
    RegistryState state = entry.getValue() == null ? new RegistryState() : entry.getValue();
    if (state.seeded() || (seed && token < state.term())) {
      return state;
    }
    boolean changed = false;
    if (revision > state.revision()) {
      state.revision(revision);
      state.records(records);
      changed = true;
    }
    if (seed) {
      state.term(token);
      state.seeded(true);
      if (state.revision() < 0) {
        state.revision(0);
      }
      changed = true;
    }
    if (changed) {
      entry.setValue(state);
      stored = state;
    }
    return state;
  }

  @Override
  public EntryProcessor<String, RegistryState, RegistryState> getBackupProcessor() {
    return stored == null ? null : new RegistryCopy<>(stored);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(token);
    out.writeBoolean(seed);
    out.writeLong(revision);
    RecordsData.write(out, records);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    token = in.readLong();
    seed = in.readBoolean();
    revision = in.readLong();
    records = RecordsData.read(in);
  }
}
