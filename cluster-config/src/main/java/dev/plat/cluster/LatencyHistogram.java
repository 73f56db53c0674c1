package dev.plat.cluster;

import io.vertx.core.json.JsonArray;
import java.util.Arrays;

/**
 * Counts of invocation latencies in fixed log-linear buckets, the same on every node so that the
 * histograms of several proxies add up exactly: a proxy records into them, the controller sums
 * those of all proxies and reads a percentile from the sum.
 *
 * <p>Buckets are in microseconds: 0, 1, 2 and 3 µs each have one; from 4 µs on every power of two
 * is cut into 4 buckets of equal width (4-5, 5-6, 6-7, 7-8, 8-10, 10-12, ... µs), so a bucket is at
 * most 25% wider than its lower bound. The last bucket takes everything from 2^31 µs (about 36
 * minutes) on. A percentile is interpolated linearly inside its bucket, so it is off by at most
 * half a bucket (12.5%) from the exact one.
 *
 * <p>Immutable. On the wire (the proxies' statistics) a histogram is a flat JSON array of
 * {@code [bucket, count, bucket, count, ...]} pairs of its non-empty buckets, in bucket order.
 */
public final class LatencyHistogram {
  private static final int SUB_BITS = 2;
  private static final int SUB = 1 << SUB_BITS;
  /** Values of at least 2^MAX_EXP µs go to the last bucket. */
  private static final int MAX_EXP = 31;
  /** The number of buckets. */
  public static final int BUCKETS = (MAX_EXP - SUB_BITS + 1) * SUB + 1;
  public static final LatencyHistogram EMPTY = new LatencyHistogram(new long[BUCKETS]);

  private final long[] counts;
  private final long total;

  private LatencyHistogram(long[] counts) {
    this.counts = counts;
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    this.total = sum;
  }

  /** A histogram of {@code counts} (indexed by bucket, {@link #BUCKETS} long or shorter); copied. */
  public static LatencyHistogram of(long[] counts) {
    if (counts.length > BUCKETS) {
      throw new IllegalArgumentException(counts.length + " buckets, at most " + BUCKETS);
    }
    long[] copy = Arrays.copyOf(counts, BUCKETS);
    for (long c : copy) {
      if (c < 0) {
        throw new IllegalArgumentException("a negative count: " + Arrays.toString(counts));
      }
    }
    return new LatencyHistogram(copy);
  }

  /** The bucket of a latency of {@code nanos} nanoseconds (negative: 0). Cheap: no allocation, no loop. */
  public static int bucket(long nanos) {
    long us = nanos / 1000;
    if (us < SUB) {
      return us <= 0 ? 0 : (int) us;
    }
    int exp = 63 - Long.numberOfLeadingZeros(us);
    if (exp >= MAX_EXP) {
      return BUCKETS - 1;
    }
    return (exp - SUB_BITS + 1) * SUB + (int) ((us >>> (exp - SUB_BITS)) & (SUB - 1));
  }

  /** The lowest latency of {@code bucket} in microseconds. */
  public static long lowerMicros(int bucket) {
    if (bucket < SUB) {
      return bucket;
    }
    int exp = bucket / SUB + SUB_BITS - 1;
    return (long) (SUB + bucket % SUB) << (exp - SUB_BITS);
  }

  /** The bucket's width in microseconds (the last one: as wide as the one before it). */
  public static long widthMicros(int bucket) {
    if (bucket < SUB) {
      return 1;
    }
    int exp = Math.min(bucket / SUB + SUB_BITS - 1, MAX_EXP - 1);
    return 1L << (exp - SUB_BITS);
  }

  /** The invocations counted. */
  public long total() {
    return total;
  }

  public long count(int bucket) {
    return counts[bucket];
  }

  /** This histogram plus {@code other}, bucket by bucket. */
  public LatencyHistogram plus(LatencyHistogram other) {
    if (other.total == 0) {
      return this;
    }
    if (total == 0) {
      return other;
    }
    long[] sum = counts.clone();
    for (int i = 0; i < BUCKETS; i++) {
      sum[i] += other.counts[i];
    }
    return new LatencyHistogram(sum);
  }

  /**
   * The {@code q} quantile (0 &lt; q &lt;= 1) in microseconds: the latency of rank
   * {@code ceil(q * total)}, interpolated linearly inside its bucket (a bucket's n counts are taken
   * as spread evenly over it, each at the middle of its share); {@code NaN} when empty.
   */
  public double quantileMicros(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("not a quantile: " + q);
    }
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long below = 0;
    for (int i = 0; i < BUCKETS; i++) {
      long c = counts[i];
      if (c > 0 && below + c >= rank) {
        return lowerMicros(i) + widthMicros(i) * ((rank - below - 0.5) / c);
      }
      below += c;
    }
    throw new AssertionError("rank " + rank + " beyond total " + total);
  }

  /** {@code [bucket, count, ...]} of the non-empty buckets. */
  public JsonArray toJson() {
    JsonArray pairs = new JsonArray();
    for (int i = 0; i < BUCKETS; i++) {
      if (counts[i] > 0) {
        pairs.add(i).add(counts[i]);
      }
    }
    return pairs;
  }

  /**
   * Reads {@link #toJson()}'s form; {@code null}: empty.
   *
   * @throws IllegalArgumentException on an odd length, a bucket out of range or a negative count
   */
  public static LatencyHistogram fromJson(JsonArray pairs) {
    if (pairs == null || pairs.isEmpty()) {
      return EMPTY;
    }
    if (pairs.size() % 2 != 0) {
      throw new IllegalArgumentException("not [bucket, count] pairs: " + pairs.encode());
    }
    long[] counts = new long[BUCKETS];
    for (int i = 0; i < pairs.size(); i += 2) {
      if (!(pairs.getValue(i) instanceof Number b) || !(pairs.getValue(i + 1) instanceof Number c)) {
        throw new IllegalArgumentException("not [bucket, count] pairs: " + pairs.encode());
      }
      int bucket = b.intValue();
      if (bucket < 0 || bucket >= BUCKETS || c.longValue() < 0) {
        throw new IllegalArgumentException("bad bucket " + bucket + " or count " + c + " in " + pairs.encode());
      }
      counts[bucket] += c.longValue();
    }
    return new LatencyHistogram(counts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencyHistogram h && h.total == total && Arrays.equals(h.counts, counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "LatencyHistogram" + toJson().encode();
  }
}
