package dev.plat.controller.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * The backup of a change of the registry (or of the secrets entry, which the same processors
 * change): the state the primary stored, not the change run again, stored whatever the backup
 * holds (as a put's backup is: Hazelcast drops a backup older than the replica's version). Hazelcast
 * may complete a write whose backup never ran (a backup its target refused, as during a partition
 * table change); a change run again on that older copy (a delta, a term raised by one, a fenced
 * write) built on the wrong state until the replica sync that Hazelcast starts on the gap in the
 * replica versions copied the partition over, and an owner's death before then left the survivor
 * that state. Carrying the state repairs the copy at the next change.
 *
 * @param <R> the result type of the change it backs up (a backup's result is not used)
 */
final class RegistryCopy<R> implements EntryProcessor<String, RegistryState, R>, DataSerializable {
  private RegistryState state;

  /** For Hazelcast. */
  public RegistryCopy() {
  }

  RegistryCopy(RegistryState state) {
    this.state = state;
  }

  @Override
  public R process(Map.Entry<String, RegistryState> entry) {
    entry.setValue(state);
    return null;
  }

  @Override
  public EntryProcessor<String, RegistryState, R> getBackupProcessor() {
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    state.writeData(out);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    state = new RegistryState();
    state.readData(in);
  }
}
