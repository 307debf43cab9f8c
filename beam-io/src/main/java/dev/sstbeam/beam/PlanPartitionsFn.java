package dev.sstbeam.beam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Phase 2 of {@link SstIO#write()}: chooses the key ranges of the output. Split points are the
 * user's, or else keys chosen from the runs' samples so that each range holds about the same
 * number of bytes. Every split point is a key boundary, so all versions of a key fall in one range
 * and the ranges' tables never overlap. Emits one {@link PartitionTask} per range, naming only the
 * runs whose keys overlap it.
 */
final class PlanPartitionsFn extends DoFn<Integer, PartitionTask> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_PARTITIONS = 100_000;

  private final PCollectionView<List<RunInfo>> runsView;
  private final List<byte[]> splitPoints;
  private final int numPartitions;
  private final long targetPartitionBytes;
  private final int workers;

  /**
   * {@code workers}: how many ranges the runner merges at once. A number of ranges taken from
   * the target bytes is rounded up to a multiple of it, as far as each range keeps at least
   * {@code targetPartitionBytes / workers}: 3 ranges on 2 workers leave one worker idle for the
   * whole last round of merges, 4 do not.
   */
  PlanPartitionsFn(PCollectionView<List<RunInfo>> runsView, List<byte[]> splitPoints,
      int numPartitions, long targetPartitionBytes, int workers) {
    this.runsView = runsView;
    this.splitPoints = splitPoints;
    this.numPartitions = numPartitions;
    this.targetPartitionBytes = targetPartitionBytes;
    this.workers = workers;
  }

  @ProcessElement
  public void process(ProcessContext c) {
    for (PartitionTask task : plan(c.sideInput(runsView))) {
      c.output(task);
    }
  }

  /** The key ranges over {@code runs}, in key order, each with the runs that overlap it. */
  List<PartitionTask> plan(List<RunInfo> runs) {
    if (runs.isEmpty()) {
      // No input: still one (empty) range, which writes no table. Emitting nothing here made
      // the direct runner hang now and then (about 1 run in 20): it can stall when a ParDo that
      // waited for a side input outputs nothing and that output feeds another side input.
      return List.of(new PartitionTask(0, null, null, List.of()));
    }
    List<byte[]> splits = splitPoints != null ? splitPoints : chooseSplits(runs);
    List<PartitionTask> tasks = new ArrayList<>();
    for (int p = 0; p <= splits.size(); p++) {
      byte[] lower = p == 0 ? null : splits.get(p - 1);
      byte[] upper = p == splits.size() ? null : splits.get(p);
      List<String> overlapping = new ArrayList<>();
      for (RunInfo run : runs) {
        boolean belowUpper = upper == null || Arrays.compareUnsigned(run.firstKey, upper) < 0;
        boolean aboveLower = lower == null || Arrays.compareUnsigned(run.lastKey, lower) >= 0;
        if (belowUpper && aboveLower) {
          overlapping.add(run.file);
        }
      }
      tasks.add(new PartitionTask(p, lower, upper, overlapping));
    }
    return tasks;
  }

  /** Split keys at equal shares of the sampled bytes; strictly increasing. */
  private List<byte[]> chooseSplits(List<RunInfo> runs) {
    long total = 0;
    List<Sample> samples = new ArrayList<>();
    for (RunInfo run : runs) {
      total += run.bytes;
      for (int i = 0; i < run.sampleKeys.size(); i++) {
        samples.add(new Sample(run.sampleKeys.get(i), run.sampleWeights[i]));
      }
    }
    int n = numPartitions > 0 ? numPartitions : partitionsFor(total);
    samples.sort(Comparator.comparing((Sample s) -> s.key, Arrays::compareUnsigned));
    List<byte[]> splits = new ArrayList<>();
    long cumulative = 0;
    int next = 1;
    for (Sample s : samples) {
      while (next < n && cumulative >= total * next / n) {
        if (splits.isEmpty() || Arrays.compareUnsigned(splits.get(splits.size() - 1), s.key) < 0) {
          splits.add(s.key);
        }
        next++;
      }
      cumulative += s.weight;
    }
    // The first sample is the smallest key of some run: a split there would leave range 0 empty.
    if (!splits.isEmpty() && Arrays.equals(splits.get(0), samples.get(0).key)) {
      splits.remove(0);
    }
    return splits;
  }

  /** The number of ranges for {@code total} bytes when the user named none. */
  int partitionsFor(long total) {
    long byTarget = Math.max(1, ceilDiv(total, targetPartitionBytes));
    long rounded = ceilDiv(byTarget, workers) * workers;
    long smallest = Math.max(1, targetPartitionBytes / workers);
    long n = Math.max(byTarget, Math.min(rounded, ceilDiv(total, smallest)));
    return (int) Math.min(MAX_PARTITIONS, n);
  }

  private static long ceilDiv(long a, long b) {
    return a / b + (a % b == 0 ? 0 : 1);
  }

  private static final class Sample {
    final byte[] key;
    final long weight;

    Sample(byte[] key, long weight) {
      this.key = key;
      this.weight = weight;
    }
  }
}
