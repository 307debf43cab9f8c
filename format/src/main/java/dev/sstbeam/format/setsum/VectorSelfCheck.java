package dev.sstbeam.format.setsum;

import java.util.SplittableRandom;

/**
 * The self-check of the vector path ({@link SetsumHashing}): a fixed batch of items hashed both
 * ways, through {@link BatchedSetsum} on the lanes and one by one through the scalar
 * {@link Setsum}. The batch fills the lanes of every group of 1 to 9 blocks, and leaves one group
 * more than half full and one with a single item, so that all three ways a group is hashed are
 * compared; item lengths include each block count's first and last.
 */
final class VectorSelfCheck {
  private static final int BLOCK_COUNTS = 9;
  /** Rounds whose times are compared: the most recent ones. */
  private static final int WINDOW = 5;
  /** "Clearly faster": the vector path must take at most this share of the scalar time. */
  static final double MAX_TIME_RATIO = 1 / 1.3;

  private final LaneKeccak lanes;
  private final byte[][] keys;
  private final long[] timestamps;
  /** A value per item; null for a raw item (keys[i] is then the whole item). */
  private final byte[][] values;
  private final long bytes;

  VectorSelfCheck(LaneKeccak lanes) {
    this.lanes = lanes;
    int n = lanes.lanes();
    int count = BLOCK_COUNTS * n + (n / 2 + 1) + 1;
    keys = new byte[count][];
    timestamps = new long[count];
    values = new byte[count][];
    SplittableRandom rnd = new SplittableRandom(0x5e75_0a5c);
    int i = 0;
    long total = 0;
    for (int blocks = 1; blocks <= BLOCK_COUNTS; blocks++) {
      for (int lane = 0; lane < n; lane++) {
        int len = (blocks - 1) * Sha3.RATE
            + (lane == 0 ? 0 : lane == 1 ? Sha3.RATE - 1 : rnd.nextInt(Sha3.RATE));
        total += item(i++, len, rnd);
      }
    }
    for (int j = 0; j < n / 2 + 1; j++) {
      total += item(i++, 10 * Sha3.RATE + rnd.nextInt(Sha3.RATE), rnd);
    }
    total += item(i, 11 * Sha3.RATE + 3, rnd);
    bytes = total;
  }

  /** Item {@code i} of {@code len} bytes: a raw item when short or every third, else a put. */
  private int item(int i, int len, SplittableRandom rnd) {
    if (len < 9 || i % 3 == 0) {
      keys[i] = bytes(len, rnd);
    } else {
      keys[i] = bytes(rnd.nextInt(Math.min(len - 9, 64) + 1), rnd);
      values[i] = bytes(len - 9 - keys[i].length, rnd);
      timestamps[i] = rnd.nextLong();
    }
    return len;
  }

  private static byte[] bytes(int n, SplittableRandom rnd) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
    return b;
  }

  /** The batch's setsum on the lanes. */
  Setsum vector() {
    BatchedSetsum s = new BatchedSetsum(lanes);
    for (int i = 0; i < keys.length; i++) {
      if (values[i] == null) {
        s.insert(keys[i]);
      } else {
        s.insertPut(keys[i], timestamps[i], values[i]);
      }
    }
    return s.setsum();
  }

  /** The batch's setsum one item at a time (the scalar path). */
  Setsum scalar() {
    Setsum s = new Setsum();
    for (int i = 0; i < keys.length; i++) {
      if (values[i] == null) {
        s.insert(keys[i]);
      } else {
        s.insertPut(keys[i], timestamps[i], values[i]);
      }
    }
    return s;
  }

  /** True when both ways give the same setsum. */
  boolean sameDigests() {
    return vector().equals(scalar());
  }

  /** What {@link #race} found: whether the digests agreed, and each path's MB/s. */
  static final class Speeds {
    final boolean sameDigests;
    final boolean vectorClearlyFaster;
    final double vectorMBps;
    final double scalarMBps;

    Speeds(boolean sameDigests, boolean vectorClearlyFaster, double vectorMBps,
        double scalarMBps) {
      this.sameDigests = sameDigests;
      this.vectorClearlyFaster = vectorClearlyFaster;
      this.vectorMBps = vectorMBps;
      this.scalarMBps = scalarMBps;
    }
  }

  /**
   * Hashes the batch both ways, alternately, in rounds of {@code repeats} batches, until over the
   * last {@value #WINDOW} rounds the vector path took at most {@link #MAX_TIME_RATIO} of the
   * scalar time, or until {@code deadline} ({@link System#nanoTime()}). The first rounds run
   * before the JIT has compiled either path, which is why it waits: the vector path is very slow
   * until compiled (and stays so where the Vector API is not compiled to vector instructions).
   * Every round's answers are compared as well.
   */
  Speeds race(long deadline, int repeats) {
    long[] scalarTimes = new long[WINDOW];
    long[] vectorTimes = new long[WINDOW];
    Setsum expected = scalar();
    for (int round = 0; ; round++) {
      boolean same = true;
      long t0 = System.nanoTime();
      for (int r = 0; r < repeats; r++) {
        same &= scalar().equals(expected);
      }
      long t1 = System.nanoTime();
      for (int r = 0; r < repeats; r++) {
        same &= vector().equals(expected);
      }
      long t2 = System.nanoTime();
      if (!same) {
        return new Speeds(false, false, 0, 0);
      }
      scalarTimes[round % WINDOW] = t1 - t0;
      vectorTimes[round % WINDOW] = t2 - t1;
      if (round + 1 >= WINDOW) {
        long s = sum(scalarTimes);
        long v = sum(vectorTimes);
        boolean faster = v <= s * MAX_TIME_RATIO;
        if (faster || t2 >= deadline) {
          double megabytes = (double) bytes * repeats * WINDOW / 1e6;
          return new Speeds(true, faster, megabytes / (v / 1e9), megabytes / (s / 1e9));
        }
      }
    }
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long x : a) {
      s += x;
    }
    return s;
  }
}
