package dev.plat.controller.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.util.Map;

/**
 * Raises the registry's term by one and returns it (see {@link dev.plat.controller.LeaderTerms}); the
 * backup gets the state it stored ({@link RegistryCopy}), not one more raise.
 */
final class NextTerm implements EntryProcessor<String, RegistryState, Long>, DataSerializable {
  private transient RegistryState stored;

  @Override
  public Long process(Map.Entry<String, RegistryState> entry) {
    RegistryState state = entry.getValue() == null ? new RegistryState() : entry.getValue();
    state.term(state.term() + 1);
    entry.setValue(state);
    stored = state;
    return state.term();
  }

  @Override
  public EntryProcessor<String, RegistryState, Long> getBackupProcessor() {
    return stored == null ? null : new RegistryCopy<>(stored);
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // no fields
  }

  @Override
  public void readData(ObjectDataInput in) {
    // no fields
  }
}
