package dev.sstbeam.format.setsum;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SHA3-256 path of this JVM's setsum hashing ({@link BatchedSetsum}), chosen once:
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
 *
 * <p>The vector path has a fixed cost: until C2 has compiled it, it is hundreds of times slower
 * than the scalar path (the interpreter and C1 box every vector), and where it is never compiled
 * to vector instructions (a JVM without C2) it stays 30–100 times slower. Getting it compiled and
 * checked, then switching a running job over to it, cost about a second of CPU in our
 * measurements (benchmarks/README.md), against a saving of 1.2 (JDK 17) to 2 (JDK 25) seconds per
 * GB hashed after that. So it pays only in a JVM that hashes a lot:
 *
 * <ol>
 *   <li>items are hashed on the scalar path until the JVM has hashed {@link #DEMAND_BYTES} through
 *       BatchedSetsum (or until {@link #description()} is asked for): a JVM that hashes less pays
 *       nothing, and one that has hashed that much is likely to hash as much again (the choice of
 *       someone renting skis without knowing how long the season will be);
 *   <li>then the self-check starts, on a background daemon thread, so that nothing waits for it:
 *       first whether this JVM compiles with C2 at all ({@link #compilesWithC2()}), then the
 *       digests, then the race, whose rounds are spaced out while the vector path is still slow;
 *   <li>when the vector path is clearly faster, BatchedSetsum uses it from then on; if it is not
 *       within {@link #CHECK_NANOS}, the scalar path stays.
 * </ol>
 *
 * <p>A forced vector path ({@code -Dsst.setsum.hashing=vector...}) is used from the start, after
 * the digests alone are compared; so is {@code eager} on a JVM that compiles with C2 (else it is
 * {@code auto}). Switching a running job is what costs the second of CPU, so for a JVM known to
 * hash hundreds of MB or more (the {@code ./sst} command line passes {@code eager}) this is the
 * faster choice; it costs a fraction of a second to one that hashes little. Either way the choice is made once and the vector width never
 * changes. When the module is absent no class of it is loaded: the vector code is loaded by name,
 * only after the module was found.
 */
public final class SetsumHashing {
  static final String MODULE = "jdk.incubator.vector";
  private static final String VECTOR_CLASS = "dev.sstbeam.format.setsum.VectorKeccak";
  /** Bytes hashed on the scalar path before the self-check starts (by default). */
  static final long DEMAND_BYTES = 1L << 30;
  /** How long the self-check waits for the vector path to become clearly faster. */
  private static final long CHECK_NANOS = 30_000_000_000L;
  /** Copies of the self-check's batch per path and round. */
  private static final int CHECK_COPIES = 8;
  /**
   * How long hashing waits for the eager warm-up at most, counted from the first wait: the
   * warm-up takes about half a second of the JIT's time on an idle machine, more on a busy one.
   */
  private static final long WARM_UP_WAIT_NANOS = 3_000_000_000L;

  private static final CountDownLatch DECIDED = new CountDownLatch(1);
  private static final LongAdder DEMAND = new LongAdder();
  private static final AtomicBoolean CHECK_STARTED = new AtomicBoolean();
  private static volatile LaneKeccak active;
  private static volatile String description;
  /** True while the self-check waits for demand. */
  private static volatile boolean awaitingDemand;
  /** Until when hashing waits for the eager warm-up ({@link System#nanoTime()}); set once. */
  private static volatile long warmUpWaitDeadline;
  /** True while hashing may wait for the eager warm-up. */
  private static volatile boolean warmingUp;

  static {
    choose();
  }

  private SetsumHashing() {}

  /**
   * The path in use and why, e.g. {@code vector 4x256-bit (jdk.incubator.vector)} or
   * {@code scalar (jdk.incubator.vector is not in the boot layer; ...)}. Starts the self-check if
   * it has not started yet, and waits for it (seconds).
   */
  public static String description() {
    startSelfCheck();
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

  /**
   * {@link #active()}, but while the eager warm-up runs ({@code -Dsst.setsum.hashing=eager}) first
   * waits for it to decide, up to {@link #WARM_UP_WAIT_NANOS} after the first caller began to wait
   * (one deadline for all callers). Hashing on the scalar path meanwhile would cost more CPU time
   * than the wait, and its own JIT compilations would delay the vector path's. After the deadline,
   * callers hash on the scalar path until the warm-up decides.
   */
  static LaneKeccak activeAfterWarmUp() {
    if (warmingUp) {
      awaitWarmUp();
    }
    return active;
  }

  private static void awaitWarmUp() {
    long deadline = warmUpWaitDeadline;
    if (deadline == 0) {
      synchronized (SetsumHashing.class) {
        if (warmUpWaitDeadline == 0) {
          warmUpWaitDeadline = System.nanoTime() + WARM_UP_WAIT_NANOS;
        }
        deadline = warmUpWaitDeadline;
      }
    }
    try {
      DECIDED.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's to handle; it hashes on meanwhile
    }
    warmingUp = false;
  }

  /**
   * Chooses this JVM's hashing path now rather than at the first setsum: with
   * {@code -Dsst.setsum.hashing=eager} this starts the vector path's warm-up, which then overlaps
   * the caller's own start-up. For a program that will hash whole files (the {@code sst} command
   * line calls it first thing); otherwise nothing happens that the first setsum would not do.
   */
  public static void prepare() {
    // Initializing this class (before this call) has done the work.
  }

  /** Whether the self-check has been started (or was never to run: a scalar or forced path). */
  static boolean selfCheckStarted() {
    return !awaitingDemand;
  }

  /** Counts {@code bytes} hashed on the scalar path; starts the self-check when enough were. */
  static void demand(long bytes) {
    if (awaitingDemand) {
      DEMAND.add(bytes);
      if (DEMAND.sum() >= DEMAND_BYTES) {
        startSelfCheck();
      }
    }
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
    } else if (mode.eager) {
      startEagerWarmUp();
    } else {
      awaitingDemand = true;
    }
  }

  private static void startSelfCheck() {
    if (awaitingDemand && CHECK_STARTED.compareAndSet(false, true)) {
      awaitingDemand = false;
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
      if (!new VectorSelfCheck(v, VectorSelfCheck.QUICK).sameDigests()) {
        decide(null, "scalar (" + v.name() + " gave other digests than the scalar path in the"
            + " self-check; " + mode.forcedBy() + ")");
      } else {
        decide(v, v.name() + " (" + MODULE + ", " + mode.forcedBy() + ")");
      }
    } catch (RuntimeException | LinkageError e) {
      decide(null, "scalar (the vector path failed: " + e + ")");
    }
  }

  /**
   * {@code eager}: a background thread gets the vector path compiled by C2 on a private batch
   * ({@link VectorWarmUp}), checks its digests against the scalar path, and then makes it the path
   * in use, without the speed check (on C2 it was always clearly faster: benchmarks/README.md).
   * Until then BatchedSetsum hashes on the scalar path, instead of in the Vector API's fallback,
   * which is hundreds of times slower. A JVM without C2 keeps the scalar path; so does one where
   * the vector code is not compiled within {@link #CHECK_NANOS}, or gives other digests.
   */
  private static void startEagerWarmUp() {
    warmingUp = true;
    Thread t = new Thread(SetsumHashing::decideEagerly, "setsum-hashing-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static void decideEagerly() {
    try {
      if (!compilesWithC2()) {
        decide(null, "scalar (this JVM does not compile with C2, which the vector path needs)");
        return;
      }
      LaneKeccak v = load();
      if (v == null) {
        return;
      }
      if (!new VectorWarmUp(v).awaitCompiled(System.nanoTime() + CHECK_NANOS)) {
        decide(null, "scalar (" + v.name() + " was not compiled within "
            + CHECK_NANOS / 1_000_000_000 + " s)");
      } else if (!new VectorSelfCheck(v, VectorSelfCheck.FULL).sameDigests()) {
        decide(null, "scalar (" + v.name()
            + " gave other digests than the scalar path in the self-check)");
      } else {
        decide(v, v.name() + " (" + MODULE + ", eager)");
      }
    } catch (InterruptedException e) {
      decide(null, "scalar (the warm-up of the vector path was interrupted)");
    } catch (RuntimeException | LinkageError e) {
      decide(null, "scalar (the vector path failed: " + e + ")");
    }
  }

  private static void decideBySelfCheck() {
    try {
      if (!compilesWithC2()) {
        decide(null, "scalar (this JVM does not compile with C2, which the vector path needs)");
        return;
      }
      LaneKeccak v = load();
      if (v == null) {
        return;
      }
      VectorSelfCheck check = new VectorSelfCheck(v, VectorSelfCheck.FULL);
      if (!check.sameDigests()) {
        decide(null, "scalar (" + v.name()
            + " gave other digests than the scalar path in the self-check)");
        return;
      }
      VectorSelfCheck.Speeds s = check.race(System.nanoTime() + CHECK_NANOS, CHECK_COPIES, true);
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
    } catch (InterruptedException e) {
      decide(null, "scalar (the self-check was interrupted)");
    } catch (RuntimeException | LinkageError e) {
      decide(null, "scalar (the vector path failed: " + e + ")");
    }
  }

  /**
   * Whether this JVM compiles hot code with HotSpot's C2, which turns the Vector API into vector
   * instructions: not when it interprets only ({@code -Xint}), stops at C1
   * ({@code -XX:TieredStopAtLevel} below 4) or compiles with a JVMCI compiler (Graal). False when
   * the JVM cannot tell (no {@code jdk.management}).
   */
  static boolean compilesWithC2() {
    try {
      if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
        return false;
      }
      HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (vm == null) {
        return false;
      }
      if (Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue())
          && Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) < 4) {
        return false;
      }
      try {
        return !Boolean.parseBoolean(vm.getVMOption("UseJVMCICompiler").getValue());
      } catch (IllegalArgumentException e) {
        return true; // a JVM without JVMCI
      }
    } catch (LinkageError | RuntimeException e) {
      return false;
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
