package dev.sstbeam.format.setsum;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * The self-check of the vector path ({@link SetsumHashing}): a fixed batch of items hashed both
 * ways, through {@link BatchedSetsum} on the lanes and one by one through the scalar
 * {@link Setsum}. The batch fills the lanes of every group of 1 to {@code blockCounts} blocks
 * ({@link #FULL}: 9, bench.log's items; {@link #QUICK}: 3, for a check the caller waits for, as
 * the vector code runs in the interpreter then), and leaves one group more than half full and one
 * with a single item, so that all three ways a group is hashed are compared; item lengths include
 * each block count's first and last.
 */
final class VectorSelfCheck {
  /** Block counts of the batch that is timed. */
  static final int FULL = 9;
  /** Block counts of a digest check that a thread waits for. */
  static final int QUICK = 3;
  /** Rounds in a row in which the vector path must be clearly faster. */
  private static final int STREAK = 3;
  /** Rounds run back to back, to get the vector code to C2 soon. */
  private static final int EAGER_ROUNDS = 3;
  /**
   * Later rounds wait this long, or {@link #PAUSE_FACTOR} times as long as the last round took on
   * the vector path (at most {@link #MAX_PAUSE_MILLIS}) when that is longer: until C2 is done that
   * round is slow, and would only burn a core.
   */
  private static final long PAUSE_MILLIS = 50;
  private static final long PAUSE_FACTOR = 9;
  private static final long MAX_PAUSE_MILLIS = 2000;
  private static final boolean THREAD_CPU_TIME = threadCpuTime();
  /** "Clearly faster": the vector path must take at most this share of the scalar time. */
  static final double MAX_TIME_RATIO = 1 / 1.3;

  private final LaneKeccak lanes;
  private final byte[][] keys;
  private final long[] timestamps;
  /** A value per item; null for a raw item (keys[i] is then the whole item). */
  private final byte[][] values;
  private final long bytes;

  VectorSelfCheck(LaneKeccak lanes, int blockCounts) {
    this.lanes = lanes;
    int n = lanes.lanes();
    int count = blockCounts * n + (n / 2 + 1) + 1;
    keys = new byte[count][];
    timestamps = new long[count];
    values = new byte[count][];
    SplittableRandom rnd = new SplittableRandom(0x5e75_0a5c);
    int i = 0;
    long total = 0;
    for (int blocks = 1; blocks <= blockCounts; blocks++) {
      for (int lane = 0; lane < n; lane++) {
        int len = (blocks - 1) * Sha3.RATE
            + (lane == 0 ? 0 : lane == 1 ? Sha3.RATE - 1 : rnd.nextInt(Sha3.RATE));
        total += item(i++, len, rnd);
      }
    }
    for (int j = 0; j < n / 2 + 1; j++) {
      total += item(i++, (blockCounts + 1) * Sha3.RATE + rnd.nextInt(Sha3.RATE), rnd);
    }
    total += item(i, (blockCounts + 2) * Sha3.RATE + 3, rnd);
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

  /** The setsum of {@code copies} copies of the batch, on the lanes. */
  Setsum vector(int copies) {
    BatchedSetsum s = new BatchedSetsum(lanes);
    for (int c = 0; c < copies; c++) {
      for (int i = 0; i < keys.length; i++) {
        if (values[i] == null) {
          s.insert(keys[i]);
        } else {
          s.insertPut(keys[i], timestamps[i], values[i]);
        }
      }
    }
    return s.setsum();
  }

  /** The setsum of {@code copies} copies of the batch, one item at a time (the scalar path). */
  Setsum scalar(int copies) {
    Setsum s = new Setsum();
    for (int c = 0; c < copies; c++) {
      for (int i = 0; i < keys.length; i++) {
        if (values[i] == null) {
          s.insert(keys[i]);
        } else {
          s.insertPut(keys[i], timestamps[i], values[i]);
        }
      }
    }
    return s;
  }

  /** True when both ways give the same setsum for the batch. */
  boolean sameDigests() {
    return vector(1).equals(scalar(1));
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
   * Hashes {@code copies} copies of the batch both ways, alternately, in rounds, until in
   * {@value #STREAK} rounds in a row the vector path took at most {@link #MAX_TIME_RATIO} of the
   * scalar path's time, or until {@code deadline} ({@link System#nanoTime()}). Times are the
   * thread's CPU time when the JVM has it (a busy machine then matters less). The first rounds run
   * before the JIT has compiled either path, which is why it waits: the vector path is very slow
   * until compiled (and stays so where the Vector API is not compiled to vector instructions).
   * Every round's answers are compared as well. {@code pauses}: whether rounds after the first
   * few are spaced out (false in tests that want an answer at once).
   */
  Speeds race(long deadline, int copies, boolean pauses) throws InterruptedException {
    Setsum expected = scalar(copies);
    double megabytes = (double) bytes * copies / 1e6;
    int streak = 0;
    for (int round = 0; ; round++) {
      long c0 = cpuNanos();
      boolean same = scalar(copies).equals(expected);
      long c1 = cpuNanos();
      long t1 = System.nanoTime();
      same &= vector(copies).equals(expected);
      long c2 = cpuNanos();
      long t2 = System.nanoTime();
      if (!same) {
        return new Speeds(false, false, 0, 0);
      }
      long s = Math.max(1, c1 - c0);
      long v = Math.max(1, c2 - c1);
      streak = v <= s * MAX_TIME_RATIO ? streak + 1 : 0;
      if (streak >= STREAK || t2 >= deadline) {
        return new Speeds(true, streak >= STREAK, megabytes / (v / 1e9), megabytes / (s / 1e9));
      }
      if (pauses && round + 1 >= EAGER_ROUNDS) {
        long slow = PAUSE_FACTOR * (t2 - t1) / 1_000_000;
        Thread.sleep(Math.max(PAUSE_MILLIS, Math.min(MAX_PAUSE_MILLIS, slow)));
      }
    }
  }

  /** This thread's CPU time, or the wall clock where the JVM cannot tell (both in ns). */
  private static long cpuNanos() {
    if (THREAD_CPU_TIME) {
      return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
    return System.nanoTime();
  }

  private static boolean threadCpuTime() {
    try {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      return mx.isCurrentThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled();
    } catch (LinkageError | RuntimeException e) {
      return false; // no java.management in this runtime
    }
  }
}
