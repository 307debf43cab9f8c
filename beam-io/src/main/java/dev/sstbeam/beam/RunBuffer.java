package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.sort.DuplicateFilter;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.sort.PackedItems;
import dev.sstbeam.format.sort.SlabPool;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The records one worker thread sorts into runs for {@link SstIO#write()}: packed into slabs
 * ({@link PackedItems}) that it reuses from run to run, so buffered records are neither an object
 * each nor copied by every garbage collection; whenever they reach the memory budget they are
 * sorted and written as a run (a scratch table) with its key samples ({@link RunInfo}).
 * Duplicates within a run are handled by the policy here; across runs, when partitions merge.
 * With input totals it also counts and hashes every record it receives (where it lies, no copy),
 * and each run carries the totals of the records it was sorted from (for the write's balance
 * check). Used by one thread at a time.
 */
final class RunBuffer {
  /** Fewest key samples a run takes (if it has that many distinct keys). */
  private static final int MIN_SAMPLES_PER_RUN = 16;
  /** Runs are read block by block while merging: large blocks, no bloom filter, no setsum. */
  static final SstOptions RUN_OPTIONS =
      SstOptions.builder().targetBlockSize(64 << 10).bloomFilterBits(0).writeBufferSize(1 << 20).build();

  private final Settings settings;
  private final long budget;
  private final SlabPool slabs;
  private final PackedItems items;
  private final Counter runsWritten = Metrics.counter(SstIO.class, "sort-runs");
  private final Counter duplicates = Metrics.counter(SstIO.class, "duplicates");
  /** The buffered records' sizes by {@link #recordBytes}. */
  private long bufferedBytes;
  private long inputRecords;
  private BatchedSetsum inputSetsum;

  RunBuffer(Settings settings, long budget) {
    this.settings = settings;
    this.budget = budget;
    this.slabs = SlabPool.sized(budget);
    this.items = new PackedItems(slabs);
    this.inputSetsum = settings.inputTotals ? new BatchedSetsum() : null;
  }

  /** What a buffer is made of; serialized with the DoFn that makes one per worker thread. */
  static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;
    final String runDirectory;
    /** The directory the job writes, for errors; null if unknown. */
    final @Nullable String outputDirectory;
    final long memoryBytes;
    final long sampleBytes;
    final DuplicatePolicy policy;
    final String job;
    final boolean inputTotals;

    Settings(String runDirectory, @Nullable String outputDirectory, long memoryBytes,
        long sampleBytes, DuplicatePolicy policy, String job, boolean inputTotals) {
      this.runDirectory = runDirectory;
      this.outputDirectory = outputDirectory;
      this.memoryBytes = memoryBytes;
      this.sampleBytes = sampleBytes;
      this.policy = policy;
      this.job = job;
      this.inputTotals = inputTotals;
    }

    Settings withOutput(String directory) {
      return new Settings(runDirectory, directory, memoryBytes, sampleBytes, policy, job,
          inputTotals);
    }

    Settings withInputTotals() {
      return new Settings(runDirectory, outputDirectory, memoryBytes, sampleBytes, policy, job,
          true);
    }

    /** A buffer for a thread of this worker, its budget from the worker's heap and processors. */
    RunBuffer newBuffer() {
      return new RunBuffer(this, budget(memoryBytes, Runtime.getRuntime().maxMemory(),
          Runtime.getRuntime().availableProcessors()));
    }
  }

  /**
   * The sort memory of one worker thread: the configured budget, but no more than a quarter of
   * this worker's heap shared among as many threads as it has processors, and at least 1 MiB. So a
   * worker whose heap is smaller than the budget times its threads spills sooner instead of
   * running out of memory.
   */
  static long budget(long configured, long maxHeap, int processors) {
    long share = maxHeap / 4 / Math.max(1, processors);
    return Math.max(Math.min(configured, share), 1L << 20);
  }

  /** Adds {@code kv}; returns the run written if the budget was reached, else null. */
  RunInfo add(KeyValue kv) throws IOException {
    byte[] value = kv.value();
    return add(kv.key(), 0, kv.key().length, kv.timestamp(), value, 0,
        value == null ? 0 : value.length);
  }

  /**
   * Adds the record {@code key[keyOffset, +keyLength)} at {@code timestamp}: a put of {@code
   * value[valueOffset, +valueLength)}, or a tombstone when {@code value} is null (copied, so the
   * arrays may be reused). Returns the run written if the budget was reached, else null.
   */
  RunInfo add(byte[] key, int keyOffset, int keyLength, long timestamp, byte[] value,
      int valueOffset, int valueLength) throws IOException {
    if (keyLength == 0 && timestamp == -1L) {
      throw new IllegalArgumentException(
          "the record \"\" @ 18446744073709551615 cannot be stored in a table: it equals the"
              + " table builder's implicit first key (FORMAT.md §2.3)");
    }
    items.add(key, keyOffset, keyLength, timestamp, value, valueOffset, valueLength);
    bufferedBytes += keyLength + (value == null ? 0 : valueLength) + 16;
    if (inputSetsum != null) {
      if (value == null) {
        inputSetsum.insertDel(key, keyOffset, keyLength, timestamp);
      } else {
        inputSetsum.insertPut(key, keyOffset, keyLength, timestamp, value, valueOffset, valueLength);
      }
      inputRecords++;
    }
    return items.bytes() >= budget ? spill() : null;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /**
   * Sorts the buffered records and writes them as a run; the buffer is empty afterwards. A job
   * that lost the race for the output directory may find its run directory removed by the winner
   * (as a dead job's): it then fails naming the winner, not the missing file.
   */
  RunInfo spill() throws IOException {
    try (InFlightWrites.Step step = InFlightWrites.start(settings.job)) {
      return writeRun();
    } catch (IOException e) {
      throw settings.outputDirectory == null ? e
          : OutputClaim.explain(e, BeamFiles.directory(settings.outputDirectory), settings.job);
    } finally {
      items.clear();
      bufferedBytes = 0;
    }
  }

  /** Drops what is buffered, unwritten (left by a bundle that failed), and its input totals. */
  void discard() {
    items.clear();
    bufferedBytes = 0;
    inputRecords = 0;
    if (settings.inputTotals) {
      inputSetsum = new BatchedSetsum();
    }
  }

  /** Lets go of the slabs (the buffer must be empty). */
  void release() {
    items.clear();
    slabs.clear();
  }

  private RunInfo writeRun() throws IOException {
    int[] order = items.sortedOrder();
    ResourceId file = BeamFiles.file(BeamFiles.directory(settings.runDirectory),
        "run-" + UUID.randomUUID() + ".sst");
    DuplicateFilter filter = new DuplicateFilter(settings.policy);
    Samples samples = new Samples(bufferedBytes);
    SstWriter writer = SstWriter.open(BeamFiles.create(file), file.toString(), RUN_OPTIONS, false);
    try {
      items.writeInOrder(order, filter, writer, samples::add);
      writer.seal();
    } catch (SstException | RuntimeException e) {
      writer.abort();
      throw e;
    }
    duplicates.inc(filter.dropped());
    runsWritten.inc();
    long input = -1;
    String inputHex = null;
    if (inputSetsum != null) {
      input = inputRecords;
      inputHex = inputSetsum.setsum().hexDigest();
      inputRecords = 0;
      inputSetsum = new BatchedSetsum();
    }
    return new RunInfo(file.toString(), items.key(order[0]), items.key(samples.last),
        samples.records, samples.bytes, samples.keys, samples.weights(), filter.dropped(),
        filter.droppedSetsum().hexDigest(), input, inputHex);
  }

  /** Key samples of a run's records as they are written, with the bytes each stands for. */
  private final class Samples {
    final List<byte[]> keys = new ArrayList<>();
    /** The bytes each key sample stands for: {@code weights[0, keys.size())}. */
    private long[] weights = new long[16];
    private final long every;
    private long sinceSample;
    long bytes;
    long records;
    int last = -1;

    Samples(long runBytes) {
      // A sample every sampleBytes, but at least MIN_SAMPLES_PER_RUN per run: a small run sampled
      // only at its first key puts all its weight there, and the planned ranges come out lopsided.
      every = Math.max(1, Math.min(settings.sampleBytes, runBytes / MIN_SAMPLES_PER_RUN));
      sinceSample = every; // sample the first key
    }

    /** Item {@code i} of the buffer was written. */
    void add(int i) {
      long size = items.keyAndValueLength(i) + 16L;
      if (sinceSample >= every && (last < 0 || !items.sameKey(last, i))) {
        keys.add(items.key(i));
        if (keys.size() > weights.length) {
          weights = Arrays.copyOf(weights, 2 * weights.length);
        }
        sinceSample = 0;
      }
      weights[keys.size() - 1] += size;
      sinceSample += size;
      bytes += size;
      records++;
      last = i;
    }

    long[] weights() {
      return Arrays.copyOf(weights, keys.size());
    }
  }
}
