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
 * in the same millisecond makes the same JSON). Deterministic, so the backup applies the same
 * processor to the same state.
 */
final class InvocationWrite implements EntryProcessor<String, HazelcastJsonValue, String[]>, DataSerializable {
  static final String APPLIED = "applied";
  static final String REFUSED = "refused";

  private long expectRev;
  private String json;
  private long ttlSeconds;

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
    if (rev != expectRev) {
      return new String[] {REFUSED, current == null ? null : current.getValue()};
    }
    HazelcastJsonValue next = new HazelcastJsonValue(json);
    if (ttlSeconds > 0 && entry instanceof ExtendedMapEntry<String, HazelcastJsonValue> extended) {
      extended.setValue(next, ttlSeconds, TimeUnit.SECONDS);
    } else {
      entry.setValue(next);
    }
    return new String[] {APPLIED, json};
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
}
