package dev.sstbeam.benchmarks;

import dev.sstbeam.format.KeyValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The deterministic benchmark data set of shared/bench/DATA.md: 1,000,000 records in write
 * batches of 1–16, drawn from SplitMix64 in exactly the documented order.
 *
 * <pre>
 * bs = 1 + next() % 16                                   (per batch, before its records)
 * per record i: r = next(); key = "user/" + pad12(r % 10^12) + "/" + i; ts = i + 1
 *               next() % 10 == 0 → tombstone
 *               else L = 100 + next() % 1000; value = LE64 of ceil(L/8) draws, cut to L bytes
 * </pre>
 *
 * All remainders are unsigned. Not thread-safe; one instance generates the sequence once.
 */
public final class BenchData {
  /** Records in the data set. */
  public static final int RECORDS = 1_000_000;
  /** Write batches in the data set (DATA.md, Results). */
  public static final int BATCHES = 117_543;
  /** Size of bench.log written with default options. */
  public static final long LOG_SIZE = 578_592_000L;
  public static final String LOG_SHA256 =
      "739275b40c68d16cdd54c93712bd5acaeb9ecb3b13fde7757d6eb93c5f372e99";
  public static final String SETSUM =
      "2f0b49a337bcd8c0c62c29d328cad57bbfaf3cb0ffc9b00f3b6733770e864d1c";

  private static final long SEED = 0x5EED5EED5EED5EEDL;
  private static final long TEN_TO_12 = 1_000_000_000_000L;
  private static final byte[] PREFIX = {'u', 's', 'e', 'r', '/'};
  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int records;
  private long state = SEED;
  private int i;

  /** The full data set. */
  public BenchData() {
    this(RECORDS);
  }

  /**
   * The first {@code records} records of the same sequence (the last batch is cut short), for
   * smaller runs; {@code RECORDS} gives the data set itself.
   */
  public BenchData(int records) {
    this.records = records;
  }

  /** SplitMix64. */
  long next() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Records generated so far. */
  public int generated() {
    return i;
  }

  /**
   * Draws the next batch and appends its records to {@code out}; returns how many it added, 0
   * once all records have been generated.
   */
  public int nextBatch(List<KeyValue> out) {
    if (i >= records) {
      return 0;
    }
    int bs = 1 + (int) Long.remainderUnsigned(next(), 16);
    int n = 0;
    while (n < bs && i < records) {
      byte[] key = key(Long.remainderUnsigned(next(), TEN_TO_12), i);
      long ts = i + 1L;
      if (Long.remainderUnsigned(next(), 10) == 0) {
        out.add(KeyValue.del(key, ts));
      } else {
        int len = 100 + (int) Long.remainderUnsigned(next(), 1000);
        out.add(KeyValue.put(key, ts, value(len)));
      }
      i++;
      n++;
    }
    return n;
  }

  /** {@code "user/" + zero-pad-12(r) + "/" + decimal(i)} in ASCII; 0 ≤ r < 10^12, i ≥ 0. */
  private static byte[] key(long r, int i) {
    int iDigits = 1;
    for (int t = i; t >= 10; t /= 10) {
      iDigits++;
    }
    byte[] key = new byte[PREFIX.length + 12 + 1 + iDigits];
    System.arraycopy(PREFIX, 0, key, 0, PREFIX.length);
    // The 12 digits as two halves of 6 in int arithmetic (a long division per digit cost the
    // generator a fifth of the write's time).
    digits(key, PREFIX.length, (int) (r / 1_000_000), 6);
    digits(key, PREFIX.length + 6, (int) (r % 1_000_000), 6);
    key[PREFIX.length + 12] = '/';
    digits(key, PREFIX.length + 13, i, iDigits);
    return key;
  }

  /** The last {@code count} decimal digits of {@code n} at {@code b[at, at + count)}. */
  private static void digits(byte[] b, int at, int n, int count) {
    for (int p = at + count - 1; p >= at; p--, n /= 10) {
      b[p] = (byte) ('0' + n % 10);
    }
  }

  /** {@code len} bytes: the little-endian bytes of successive draws, the last one cut short. */
  private byte[] value(int len) {
    byte[] v = new byte[len];
    int p = 0;
    for (; p + 8 <= len; p += 8) {
      LE64.set(v, p, next());
    }
    if (p < len) {
      long d = next();
      for (int b = 0; p + b < len; b++) {
        v[p + b] = (byte) (d >>> (8 * b));
      }
    }
    return v;
  }
}
