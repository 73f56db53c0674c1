package dev.plat.controller.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.util.Map;

/** Raises the registry's term by one and returns it (see {@link dev.plat.controller.LeaderTerms}). */
final class NextTerm implements EntryProcessor<String, RegistryState, Long>, DataSerializable {

  @Override
  public Long process(Map.Entry<String, RegistryState> entry) {
    RegistryState state = entry.getValue() == null ? new RegistryState() : entry.getValue();
    state.term(state.term() + 1);
    entry.setValue(state);
    return state.term();
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
