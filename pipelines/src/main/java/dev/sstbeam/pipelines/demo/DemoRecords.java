package dev.sstbeam.pipelines.demo;

import java.util.SplittableRandom;

/**
 * The demo's deterministic source of records: the same seed gives the same records, so the same
 * log, on every machine.
 *
 * <ul>
 *   <li>keys {@code user00000000}.. drawn from a key space of a quarter of the record count, so
 *       most keys get several versions;
 *   <li>timestamps strictly increasing from 1,700,000,000,000,000 (microseconds, late 2023);
 *   <li>4% tombstones;
 *   <li>values of printable ASCII (quotes and backslashes included, so dumps show escapes): 92%
 *       up to 128 bytes, 7.7% up to 2 KiB, 0.3% up to the 32 KiB maximum;
 *   <li>batches of 1 record (60%), 2–16 (30%) or 17–200 (10%).
 * </ul>
 */
final class DemoRecords {
  static final int KEY_LENGTH = 12;
  private static final int POOL = 1 << 17;

  private final SplittableRandom random;
  private final int keySpace;
  private final byte[] pool = new byte[POOL];
  private final int[] versions;
  private long clock;

  DemoRecords(long seed, int records) {
    this(seed, records, 1_700_000_000_000_000L);
  }

  /** Records whose timestamps start just after {@code clockStart}. */
  DemoRecords(long seed, int records, long clockStart) {
    this.clock = clockStart;
    this.random = new SplittableRandom(seed);
    this.keySpace = Math.max(1, records / 4);
    this.versions = new int[keySpace];
    for (int i = 0; i < POOL; i++) {
      pool[i] = (byte) (0x20 + random.nextInt(0x7f - 0x20));
    }
  }

  /** The number of items the next batch should hold. */
  int nextBatchSize() {
    int p = random.nextInt(100);
    if (p < 60) {
      return 1;
    }
    return p < 90 ? 2 + random.nextInt(15) : 17 + random.nextInt(184);
  }

  /** The next timestamp; strictly increasing. */
  long nextTimestamp() {
    clock += 1 + random.nextInt(3);
    return clock;
  }

  /** The key of the next record, and counts its version. */
  byte[] nextKey() {
    int k = random.nextInt(keySpace);
    versions[k]++;
    return numbered("user", k, KEY_LENGTH);
  }

  boolean nextIsTombstone() {
    return random.nextInt(100) < 4;
  }

  /** A value of the demo's size mix. */
  byte[] nextValue() {
    int p = random.nextInt(1000);
    int len;
    if (p < 920) {
      len = random.nextInt(129);
    } else if (p < 997) {
      len = 129 + random.nextInt(2048 - 128);
    } else {
      len = 2049 + random.nextInt(32768 - 2048);
    }
    return value(len);
  }

  /** A value of exactly {@code len} bytes (at most 32 KiB). */
  byte[] value(int len) {
    int off = random.nextInt(POOL - len + 1);
    byte[] v = new byte[len];
    System.arraycopy(pool, off, v, 0, len);
    return v;
  }

  /** Distinct user keys written so far. */
  long distinctKeys() {
    long n = 0;
    for (int v : versions) {
      n += v > 0 ? 1 : 0;
    }
    return n;
  }

  /** User keys written more than once so far. */
  long keysWithSeveralVersions() {
    long n = 0;
    for (int v : versions) {
      n += v > 1 ? 1 : 0;
    }
    return n;
  }

  /** {@code prefix} followed by {@code n} in decimal, zero-padded to {@code length} bytes. */
  static byte[] numbered(String prefix, long n, int length) {
    byte[] key = new byte[length];
    for (int i = 0; i < prefix.length(); i++) {
      key[i] = (byte) prefix.charAt(i);
    }
    for (int i = length - 1; i >= prefix.length(); i--) {
      key[i] = (byte) ('0' + n % 10);
      n /= 10;
    }
    return key;
  }
}
