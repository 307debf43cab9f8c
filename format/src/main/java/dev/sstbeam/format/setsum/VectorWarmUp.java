package dev.sstbeam.format.setsum;

/**
 * Gets the vector path compiled by C2 on a private batch, so that no job hashes on it before: until
 * C2 has compiled {@link LaneKeccak#hash} (its permutation above all), every call runs in the
 * Vector API's Java fallback, which boxes each vector and is hundreds of times slower than the
 * compiled code, and slower than the scalar path by far. {@code -Dsst.setsum.hashing=eager}
 * ({@link SetsumHashing}) hashes on the scalar path while this runs on a background thread, and
 * switches when it returns true.
 *
 * <p>What gets a method compiled is how often it is called and how often its loops turn: the
 * permutation reaches C2 after some 5,000 calls by default. So each step here calls it
 * {@link #LIGHT_CALLS} times with no rounds (a call that returns at once; cheap even in the
 * fallback), then once in full, in a call that packs one item of one block per lane and hashes the
 * group, and times that call: compiled, it takes about half a microsecond (4 lanes, this project's
 * machine); in the fallback, hundreds. The first {@link #TRIGGER_STEPS} steps run back to back,
 * enough for the JIT's default thresholds; after that a step every {@link #PAUSE_MILLIS} ms
 * watches for the compiled code, so the wait for C2 (a few tenths of a second of its time) costs
 * little. The full calls put the permutation's loop in the profile the JIT compiles from.
 */
final class VectorWarmUp {
  /**
   * A call is compiled when it takes at most this long: some 50 times the compiled time measured,
   * and a tenth of the fallback's.
   */
  static final long COMPILED_NANOS = 25_000;
  /** Timed calls in a row that must be that fast (a preempted one may be slow). */
  private static final int STREAK = 3;
  /** Calls of the permutation with no rounds per step. */
  static final int LIGHT_CALLS = 31;
  /** Steps run back to back: 6,400 calls of the permutation. */
  private static final int TRIGGER_STEPS = 200;
  private static final long PAUSE_MILLIS = 2;

  private final LaneKeccak lanes;
  private final byte[] staging;
  private final long[] group;
  private final long[] scratch;
  private final long[] state;
  private long steps;

  VectorWarmUp(LaneKeccak lanes) {
    this.lanes = lanes;
    int pack = lanes.packBytes();
    staging = new byte[Sha3.RATE + pack];
    for (int i = 0; i < Sha3.RATE; i++) {
      staging[i] = (byte) (31 * i + 7);
    }
    group = new long[Sha3.RATE / 8 * lanes.lanes()];
    scratch = new long[Sha3.RATE / 8 + pack / 8];
    state = new long[25 * lanes.lanes()];
  }

  /**
   * Calls the vector code until {@link #STREAK} timed calls in a row took at most
   * {@link #COMPILED_NANOS} each (true), or until {@code deadline} ({@link System#nanoTime()}).
   */
  boolean awaitCompiled(long deadline) throws InterruptedException {
    int streak = 0;
    while (true) {
      for (int i = 0; i < LIGHT_CALLS; i++) {
        lanes.permute(state, 0);
      }
      long t0 = System.nanoTime();
      hashOneBlock();
      long t1 = System.nanoTime();
      streak = t1 - t0 <= COMPILED_NANOS ? streak + 1 : 0;
      if (streak >= STREAK) {
        return true;
      }
      if (t1 - deadline >= 0) {
        return false;
      }
      if (++steps >= TRIGGER_STEPS) {
        Thread.sleep(PAUSE_MILLIS);
      }
    }
  }

  /** The number of steps so far. */
  long steps() {
    return steps;
  }

  private void hashOneBlock() {
    for (int lane = 0; lane < lanes.lanes(); lane++) {
      lanes.pack(staging, Sha3.RATE / 8, group, lane, scratch);
    }
    lanes.hash(group, 1, state);
  }
}
