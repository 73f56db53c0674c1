package dev.plat.gateway.async;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one write of the invocation map: sets the record when the stored revision is {@code
 * expectRev} (0: no record), with a time to live when {@code ttlSeconds} > 0 (finished records).
 * Returns {@code {applied ? "applied" : "refused", the stored record after the call (null: none)}}:
 * whether it applied is said, never guessed from the content (the same node making the same change
 * in the same millisecond makes the same JSON).
 *
 * <p>The backup replica gets the outcome, not the compare-and-set: a write that applied sends its
 * record ({@link BackupCopy}), one that was refused sends nothing. Hazelcast may complete a write whose
 * backup never ran (a backup its target refused, as during a partition table change); re-running the
 * compare-and-set on that older copy refused every later write there too, until the replica sync
 * that Hazelcast starts on the gap in the replica versions copied the partition over, and an
 * owner's death before then left the survivor the old revision. Carrying the record repairs the
 * copy at the next write. One instance per write: {@link #process} leaves the outcome in it for
 * {@link #getBackupProcessor}, which Hazelcast calls after it on the partition's thread.
 */
final class InvocationWrite implements EntryProcessor<String, HazelcastJsonValue, String[]>, DataSerializable {
  static final String APPLIED = "applied";
  static final String REFUSED = "refused";

  private long expectRev;
  private String json;
  private long ttlSeconds;
  private transient boolean applied;

  /** For Hazelcast. */
  public InvocationWrite() {
  }

  InvocationWrite(long expectRev, String json, long ttlSeconds) {
    this.expectRev = expectRev;
    this.json = json;
    this.ttlSeconds = ttlSeconds;
  }

  @Override
  public String[] process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue current = entry.getValue();
    long rev = current == null ? 0 : new JsonObject(current.getValue()).getLong("rev", 0L);
    applied = rev == expectRev;
    if (!applied) {
      return new String[] {REFUSED, current == null ? null : current.getValue()};
    }
    store(entry, json, ttlSeconds);
    return new String[] {APPLIED, json};
  }

  @Override
  public EntryProcessor<String, HazelcastJsonValue, String[]> getBackupProcessor() {
    return applied ? new BackupCopy(json, ttlSeconds) : null;
  }

  private static void store(Map.Entry<String, HazelcastJsonValue> entry, String json, long ttlSeconds) {
    HazelcastJsonValue next = new HazelcastJsonValue(json);
    if (ttlSeconds > 0 && entry instanceof ExtendedMapEntry<String, HazelcastJsonValue> extended) {
      extended.setValue(next, ttlSeconds, TimeUnit.SECONDS);
    } else {
      entry.setValue(next);
    }
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(expectRev);
    out.writeString(json);
    out.writeLong(ttlSeconds);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    expectRev = in.readLong();
    json = in.readString();
    ttlSeconds = in.readLong();
  }

  /**
   * The backup of an applied write: the record itself, stored whatever the backup holds (as a put's
   * backup is: Hazelcast drops a backup older than the replica's version, and a record created
   * again under an expired one's id starts at revision 1).
   */
  static final class BackupCopy implements EntryProcessor<String, HazelcastJsonValue, String[]>, DataSerializable {
    private String json;
    private long ttlSeconds;

    /** For Hazelcast. */
    public BackupCopy() {
    }

    BackupCopy(String json, long ttlSeconds) {
      this.json = json;
      this.ttlSeconds = ttlSeconds;
    }

    @Override
    public String[] process(Map.Entry<String, HazelcastJsonValue> entry) {
      store(entry, json, ttlSeconds);
      return null;
    }

    @Override
    public EntryProcessor<String, HazelcastJsonValue, String[]> getBackupProcessor() {
      return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(json);
      out.writeLong(ttlSeconds);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      json = in.readString();
      ttlSeconds = in.readLong();
    }
  }
}
