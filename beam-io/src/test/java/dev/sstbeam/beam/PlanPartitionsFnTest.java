package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How many key ranges {@link PlanPartitionsFn} plans, and that it plans them on the runs' samples. */
class PlanPartitionsFnTest {
  private static final long MIB = 1 << 20;
  private static final long TARGET = 256 * MIB;
  /** The benchmark log's size (shared/bench/DATA.md). */
  private static final long BENCH_LOG = 578_592_000L;

  @Test
  void oneRangePerTargetBytesOnOneWorker() {
    assertEquals(3, plan(1).partitionsFor(BENCH_LOG));
    assertEquals(1, plan(1).partitionsFor(TARGET));
    assertEquals(2, plan(1).partitionsFor(TARGET + 1));
    assertEquals(1, plan(1).partitionsFor(0));
  }

  @Test
  void rangesFromTheTargetAreRoundedUpToAMultipleOfTheWorkers() {
    assertEquals(4, plan(2).partitionsFor(BENCH_LOG));
    assertEquals(4, plan(4).partitionsFor(BENCH_LOG));
    assertEquals(8, plan(8).partitionsFor(1800 * MIB));
  }

  @Test
  void noRangeIsRoundedBelowItsShareOfTheTarget() {
    // A small input stays one range: two would each hold less than half the target.
    assertEquals(1, plan(2).partitionsFor(MIB));
    assertEquals(1, plan(2).partitionsFor(TARGET / 2));
    assertEquals(2, plan(2).partitionsFor(TARGET / 2 + 1));
    // 200 MiB on 8 workers: ranges of at least 32 MiB, so 7 (not 8, not 1).
    assertEquals(7, plan(8).partitionsFor(200 * MIB));
  }

  @Test
  void theRoundedNumberOfRangesIsWhatThePlanHolds() {
    List<RunInfo> runs = List.of(run("a", BENCH_LOG / 2), run("b", BENCH_LOG - BENCH_LOG / 2));
    assertEquals(3, plan(1).plan(runs).size());
    List<PartitionTask> tasks = plan(2).plan(runs);
    assertEquals(4, tasks.size());
    for (PartitionTask task : tasks) {
      assertEquals(2, task.runs.size(), "each range overlaps both runs: " + task);
    }
  }

  @Test
  void aNumberOfRangesGivenIsKept() {
    List<RunInfo> runs = List.of(run("a", BENCH_LOG));
    PlanPartitionsFn given = new PlanPartitionsFn(null, null, 3, TARGET, 2);
    assertEquals(3, given.plan(runs).size());
  }

  private static PlanPartitionsFn plan(int workers) {
    return new PlanPartitionsFn(null, null, 0, TARGET, workers);
  }

  /** A run of {@code bytes} whose 1,000 samples are keys "000-name" … "999-name", equally weighted. */
  private static RunInfo run(String name, long bytes) {
    List<byte[]> keys = new ArrayList<>();
    long[] weights = new long[1000];
    for (int i = 0; i < 1000; i++) {
      keys.add(String.format("%03d-%s", i, name).getBytes(StandardCharsets.UTF_8));
      weights[i] = bytes / 1000;
    }
    return new RunInfo(name, keys.get(0), keys.get(999), 1000, bytes, keys, weights, 0,
        new dev.sstbeam.format.setsum.Setsum().hexDigest());
  }
}
