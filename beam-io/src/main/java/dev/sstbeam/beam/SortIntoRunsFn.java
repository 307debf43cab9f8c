package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.sort.DuplicateFilter;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.sort.TableOrderSort;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;

/**
 * Phase 1 of {@link SstIO#write()}: sorts the records of each bundle in memory and writes them as
 * sorted runs (scratch tables) in the temporary directory, spilling whenever the buffer reaches
 * the memory budget. Memory per worker thread is bounded by the budget, whatever the input size.
 * Duplicates within a run are handled by the policy here; across runs, when partitions merge.
 * With {@link #withInputTotals()} it also counts and hashes every record it receives, and each
 * run carries the totals of the records it was sorted from (for the write's balance check).
 */
abstract class SortIntoRunsFn<T> extends DoFn<T, RunInfo> {
  private static final long serialVersionUID = 1L;
  /** Heap bytes of a buffered record beyond its key and value. */
  private static final int RECORD_OVERHEAD = 96;
  /** Fewest key samples a run takes (if it has that many distinct keys). */
  private static final int MIN_SAMPLES_PER_RUN = 16;

  private final String runDirectory;
  private final long memoryBytes;
  private final long sampleBytes;
  private final DuplicatePolicy policy;
  private final String job;
  private boolean inputTotals;
  private final Counter runsWritten = Metrics.counter(SstIO.class, "sort-runs");
  private final Counter duplicates = Metrics.counter(SstIO.class, "duplicates");
  private transient List<KeyValue> buffer;
  private transient long buffered;
  private transient long budget;
  /** With input totals: the buffered records' count and setsum. */
  private transient long inputRecords;
  private transient BatchedSetsum inputSetsum;

  SortIntoRunsFn(String runDirectory, long memoryBytes, long sampleBytes, DuplicatePolicy policy,
      String job) {
    this.runDirectory = runDirectory;
    this.memoryBytes = memoryBytes;
    this.sampleBytes = sampleBytes;
    this.policy = policy;
    this.job = job;
  }

  /** Counts and hashes the records received; each run carries their totals. */
  SortIntoRunsFn<T> withInputTotals() {
    inputTotals = true;
    return this;
  }

  @StartBundle
  public void startBundle() {
    buffer = new ArrayList<>();
    buffered = 0;
    inputRecords = 0;
    inputSetsum = inputTotals ? new BatchedSetsum() : null;
    budget = budget(memoryBytes, Runtime.getRuntime().maxMemory(),
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * The sort memory of one bundle: the configured budget, but no more than a quarter of this
   * worker's heap shared among as many bundles as it has processors (a buffered record takes about
   * twice its bytes while it is sorted and written), and at least 1 MiB. So a worker whose heap is
   * smaller than the budget times its threads spills sooner instead of running out of memory.
   */
  static long budget(long configured, long maxHeap, int processors) {
    long share = maxHeap / 4 / Math.max(1, processors);
    return Math.max(Math.min(configured, share), 1L << 20);
  }

  /** For a {@code PCollection<KeyValue>}. */
  static final class OfRecords extends SortIntoRunsFn<KeyValue> {
    private static final long serialVersionUID = 1L;

    OfRecords(String runDirectory, long memoryBytes, long sampleBytes, DuplicatePolicy policy,
        String job) {
      super(runDirectory, memoryBytes, sampleBytes, policy, job);
    }

    @ProcessElement
    public void process(@Element KeyValue kv, OutputReceiver<RunInfo> out) throws IOException {
      add(kv, out);
    }
  }

  /** For a {@code PCollection<List<KeyValue>>}, e.g. {@link LogIO.Read#inBlocks()}. */
  static final class OfBatches extends SortIntoRunsFn<List<KeyValue>> {
    private static final long serialVersionUID = 1L;

    OfBatches(String runDirectory, long memoryBytes, long sampleBytes, DuplicatePolicy policy,
        String job) {
      super(runDirectory, memoryBytes, sampleBytes, policy, job);
    }

    @ProcessElement
    public void process(@Element List<KeyValue> batch, OutputReceiver<RunInfo> out)
        throws IOException {
      for (KeyValue kv : batch) {
        add(kv, out);
      }
    }
  }

  void add(KeyValue kv, OutputReceiver<RunInfo> out) throws IOException {
    if (kv.key().length == 0 && kv.timestamp() == -1L) {
      throw new IllegalArgumentException(
          "the record \"\" @ 18446744073709551615 cannot be stored in a table: it equals the"
              + " table builder's implicit first key (FORMAT.md §2.3)");
    }
    buffer.add(kv);
    if (inputSetsum != null) {
      inputSetsum.insert(kv);
      inputRecords++;
    }
    buffered += kv.key().length + (kv.isTombstone() ? 0 : kv.value().length) + RECORD_OVERHEAD;
    if (buffered >= budget) {
      out.output(spill());
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws IOException {
    if (!buffer.isEmpty()) {
      context.output(spill(), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    }
    buffer = null;
  }

  private RunInfo spill() throws IOException {
    try (InFlightWrites.Step step = InFlightWrites.start(job)) {
      return writeRun();
    }
  }

  private RunInfo writeRun() throws IOException {
    TableOrderSort.sort(buffer);
    ResourceId file = BeamFiles.file(BeamFiles.directory(runDirectory), "run-" + UUID.randomUUID() + ".sst");
    DuplicateFilter filter = new DuplicateFilter(policy);
    List<byte[]> samples = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    long runBytes = 0;
    for (KeyValue kv : buffer) {
      runBytes += recordBytes(kv);
    }
    // A sample every sampleBytes, but at least MIN_SAMPLES_PER_RUN per run: a small run sampled
    // only at its first key puts all its weight there, and the planned ranges come out lopsided.
    long every = Math.max(1, Math.min(sampleBytes, runBytes / MIN_SAMPLES_PER_RUN));
    long sinceSample = every; // sample the first key
    long bytes = 0;
    long records = 0;
    byte[] last = null;
    SstWriter writer = SstWriter.open(BeamFiles.create(file), file.toString(), RUN_OPTIONS, false);
    try {
      for (KeyValue kv : buffer) {
        if (!filter.accept(kv)) {
          continue;
        }
        long size = recordBytes(kv);
        if (sinceSample >= every && (last == null || !Arrays.equals(last, kv.key()))) {
          samples.add(kv.key());
          weights.add(0L);
          sinceSample = 0;
        }
        weights.set(weights.size() - 1, weights.get(weights.size() - 1) + size);
        sinceSample += size;
        bytes += size;
        records++;
        last = kv.key();
        writer.add(kv);
      }
      writer.seal();
    } catch (SstException | RuntimeException e) {
      writer.abort();
      throw e;
    }
    duplicates.inc(filter.dropped());
    runsWritten.inc();
    byte[] first = buffer.get(0).key();
    buffer = new ArrayList<>();
    buffered = 0;
    long input = -1;
    String inputHex = null;
    if (inputSetsum != null) {
      input = inputRecords;
      inputHex = inputSetsum.setsum().hexDigest();
      inputRecords = 0;
      inputSetsum = new BatchedSetsum();
    }
    return new RunInfo(file.toString(), first, last, records, bytes, samples,
        weights.stream().mapToLong(Long::longValue).toArray(), filter.dropped(),
        filter.droppedSetsum().hexDigest(), input, inputHex);
  }

  /** The bytes a record stands for in samples and run sizes. */
  private static long recordBytes(KeyValue kv) {
    return kv.key().length + (kv.isTombstone() ? 0 : kv.value().length) + 16;
  }

  /** Runs are read block by block while merging: large blocks, no bloom filter, no setsum. */
  static final SstOptions RUN_OPTIONS =
      SstOptions.builder().targetBlockSize(64 << 10).bloomFilterBits(0).writeBufferSize(1 << 20).build();
}
