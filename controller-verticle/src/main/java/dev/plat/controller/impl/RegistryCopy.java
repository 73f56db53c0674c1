package dev.plat.controller.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * The backup of a change of the registry: the state the primary replica stored, not the change run
 * again. Hazelcast may complete a write whose backup never ran (no ack within its backup timeout, a
 * backup its target refused); a change run again on that older copy (a delta, a term raised by one,
 * a fenced write) would build on the wrong state, while the replica versions that anti-entropy
 * compares say it is in sync, and the next owner of the partition would serve it. Carrying the
 * state repairs the copy at the next change. It is stored unless the backup already holds this
 * state or a newer one (a backup replayed after a replica sync must not put an older one back): term,
 * revision and seeded only ever grow.
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
    RegistryState current = entry.getValue();
    if (current == null || isNewer(state, current)) {
      entry.setValue(state);
    }
    return null;
  }

  static boolean isNewer(RegistryState a, RegistryState b) {
    if (a.term() != b.term()) {
      return a.term() > b.term();
    }
    if (a.revision() != b.revision()) {
      return a.revision() > b.revision();
    }
    return a.seeded() && !b.seeded();
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
