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
 * permutation is queued for C2 after 5,000 calls with the JVM's defaults, 10,000 without tiered
 * compilation (the launcher's setting for the checksums), 15,000 with
 * {@code -XX:CompileThresholdScaling=3} (its setting for the Beam jobs). A full call takes hundreds
 * of microseconds in the fallback; one that packs, hashes and permutes nothing (no words, blocks
 * or rounds) a fraction of one. So the warm-up first makes {@link #TRIGGER_CALLS} calls on
 * nothing, enough for any of those thresholds within a few milliseconds, and one in every
 * {@link #FULL_EVERY} in full: those put the loops into the profile C2 compiles from, which the
 * JVM starts keeping only after some calls (a branch it never saw taken is compiled as a trap that
 * throws the compiled code away when it is taken). Then, every {@link #PAUSE_MILLIS} ms, it times
 * one full call, which packs one block into one lane and hashes the group: compiled, it
 * takes about half a microsecond (4 lanes, this project's machine); in the fallback, hundreds. Each
 * such step also makes {@link #LIGHT_CALLS} calls on nothing, for a JVM whose thresholds are
 * higher still.
 */
final class VectorWarmUp {
  /**
   * A call is compiled when it takes at most this long: some 50 times the compiled time measured,
   * and a tenth of the fallback's.
   */
  static final long COMPILED_NANOS = 25_000;
  /** Timed calls in a row that must be that fast (a preempted one may be slow). */
  private static final int STREAK = 3;
  /** One full call in this many calls while passing the thresholds. */
  private static final int FULL_EVERY = 1_000;
  /** Calls with no rounds that pass the compile thresholds of the usual settings. */
  static final int TRIGGER_CALLS = 20_000;
  /** Calls with no rounds in each step after the trigger. */
  static final int LIGHT_CALLS = 127;
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
    for (int i = 1; i <= TRIGGER_CALLS; i++) {
      lightCall();
      if (i % FULL_EVERY == 0) {
        hashOneBlock();
      }
    }
    int streak = 0;
    while (true) {
      for (int i = 0; i < LIGHT_CALLS; i++) {
        lightCall();
      }
      long t0 = System.nanoTime();
      hashOneBlock();
      long t1 = System.nanoTime();
      steps++;
      streak = t1 - t0 <= COMPILED_NANOS ? streak + 1 : 0;
      if (streak >= STREAK) {
        return true;
      }
      if (t1 - deadline >= 0) {
        return false;
      }
      Thread.sleep(PAUSE_MILLIS);
    }
  }

  /** The number of steps so far. */
  long steps() {
    return steps;
  }

  /**
   * Calls the three methods of a full call on nothing: no rounds, no blocks, no words. The counts
   * the JIT compiles by go up, at a fraction of a microsecond in the fallback.
   */
  private void lightCall() {
    lanes.pack(staging, 0, group, 0, scratch);
    lanes.hash(group, 0, state);
    lanes.permute(state, 0);
  }

  /**
   * Packs one block into lane 0 only and hashes the group. The other lanes hash whatever is in
   * {@code group}: the digests do not matter, and in the fallback each pack costs about as much as
   * the permutation.
   */
  private void hashOneBlock() {
    lanes.pack(staging, Sha3.RATE / 8, group, 0, scratch);
    lanes.hash(group, 1, state);
  }
}
