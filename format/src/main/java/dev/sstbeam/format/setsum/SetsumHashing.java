package dev.sstbeam.format.setsum;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The SHA3-256 path of this JVM's setsum hashing, chosen once, when setsums are first batched
 * ({@link BatchedSetsum}):
 *
 * <ul>
 *   <li><b>vector</b>: several items at once, one Keccak state per lane of the JDK's Vector API
 *       ({@code jdk.incubator.vector}, added with {@code java --add-modules jdk.incubator.vector});
 *   <li><b>scalar</b>: one item at a time ({@link Sha3}); always available.
 * </ul>
 *
 * <p>Both give the same digests. By default ({@link HashingMode}) the vector path is used only if
 * the module is in the boot layer and a self-check passes ({@link VectorSelfCheck}: a fixed batch
 * hashed both ways gives the same digests, and the vector path is clearly faster once compiled).
 * The self-check runs on a background daemon thread, because the vector path needs the JIT's
 * attention (about a second) before it is fast; batching starts when it passes, and until then
 * items are hashed on the scalar path. When the module is absent no class of it is loaded: the
 * vector code is loaded by name, only after the module was found.
 */
public final class SetsumHashing {
  static final String MODULE = "jdk.incubator.vector";
  private static final String VECTOR_CLASS = "dev.sstbeam.format.setsum.VectorKeccak";
  /** How long the self-check waits for the vector path to become clearly faster. */
  private static final long CHECK_NANOS = 20_000_000_000L;
  /** Batches per path and round of the self-check. */
  private static final int CHECK_REPEATS = 8;

  private static final CountDownLatch DECIDED = new CountDownLatch(1);
  private static volatile LaneKeccak active;
  private static volatile String description = "scalar (the self-check of the vector path is running)";

  static {
    choose();
  }

  private SetsumHashing() {}

  /**
   * The path in use and why, e.g. {@code vector 4x256-bit (jdk.incubator.vector)} or
   * {@code scalar (jdk.incubator.vector is not in the boot layer: ...)}. Waits for the self-check
   * when it is still running (seconds at most).
   */
  public static String description() {
    boolean interrupted = false;
    while (true) {
      try {
        DECIDED.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return description;
  }

  /** The vector path when it is in use; null for the scalar path (also while undecided). */
  static LaneKeccak active() {
    return active;
  }

  private static void choose() {
    HashingMode mode = HashingMode.current();
    if (mode.invalid != null) {
      decide(null, "scalar (" + mode.invalid + ")");
    } else if (mode.scalar) {
      decide(null, "scalar (" + mode.forcedBy() + ")");
    } else if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      decide(null, "scalar (" + MODULE + " is not in the boot layer; java --add-modules " + MODULE
          + " enables the vector path)");
    } else if (!mode.speedChecked) {
      decideForced(mode);
    } else {
      Thread t = new Thread(SetsumHashing::decideBySelfCheck, "setsum-hashing-self-check");
      t.setDaemon(true);
      t.start();
    }
  }

  /** A forced vector path: only the digests are checked. */
  private static void decideForced(HashingMode mode) {
    try {
      LaneKeccak v = load();
      if (v == null) {
        return;
      }
      if (!new VectorSelfCheck(v).sameDigests()) {
        decide(null, "scalar (" + v.name() + " gave other digests than the scalar path in the"
            + " self-check; " + mode.forcedBy() + ")");
      } else {
        decide(v, v.name() + " (" + MODULE + ", " + mode.forcedBy() + ")");
      }
    } catch (RuntimeException | LinkageError e) {
      decide(null, "scalar (the vector path failed: " + e + ")");
    }
  }

  private static void decideBySelfCheck() {
    try {
      LaneKeccak v = load();
      if (v == null) {
        return;
      }
      VectorSelfCheck.Speeds s = new VectorSelfCheck(v).race(
          System.nanoTime() + CHECK_NANOS, CHECK_REPEATS);
      if (!s.sameDigests) {
        decide(null, "scalar (" + v.name()
            + " gave other digests than the scalar path in the self-check)");
      } else if (!s.vectorClearlyFaster) {
        decide(null, String.format(Locale.ROOT,
            "scalar (%s was not clearly faster in the self-check: %.0f against %.0f MB/s)",
            v.name(), s.vectorMBps, s.scalarMBps));
      } else {
        decide(v, v.name() + " (" + MODULE + ")");
      }
    } catch (RuntimeException | LinkageError e) {
      decide(null, "scalar (the vector path failed: " + e + ")");
    }
  }

  /** The vector code, or null (and the scalar path decided) when it holds fewer than 2 lanes. */
  private static LaneKeccak load() {
    LaneKeccak v;
    try {
      v = (LaneKeccak) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load " + VECTOR_CLASS, e);
    }
    if (v.lanes() < 2) {
      decide(null, "scalar (" + v.name() + " holds a single 64-bit lane)");
      return null;
    }
    return v;
  }

  private static void decide(LaneKeccak path, String why) {
    description = why;
    active = path;
    DECIDED.countDown();
  }
}
