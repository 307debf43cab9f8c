package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.sort.DuplicatePolicy;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;

/**
 * Phase 1 of {@link SstIO#write()}: sorts the records of each bundle in memory and writes them as
 * sorted runs (scratch tables) in the temporary directory, spilling whenever the buffer reaches
 * the memory budget ({@link RunBuffer}). Memory per worker thread is bounded by the budget,
 * whatever the input size. With {@link #withInputTotals()} it also counts and hashes every record
 * it receives, and each run carries the totals of the records it was sorted from. Subclasses feed
 * the buffer from their elements ({@link OfRecords}, {@link OfBatches}, {@link SortLogRangesFn});
 * this class keeps it from bundle to bundle and writes what is left at the end of each.
 */
abstract class SortIntoRunsFn<T> extends DoFn<T, RunInfo> {
  private static final long serialVersionUID = 1L;

  private RunBuffer.Settings settings;
  /** Kept from bundle to bundle, with its slabs; empty between bundles. */
  private transient RunBuffer buffer;

  SortIntoRunsFn(String runDirectory, long memoryBytes, long sampleBytes, DuplicatePolicy policy,
      String job) {
    this(new RunBuffer.Settings(runDirectory, null, memoryBytes, sampleBytes, policy, job, false));
  }

  SortIntoRunsFn(RunBuffer.Settings settings) {
    this.settings = settings;
  }

  /** This thread's buffer, during a bundle. */
  RunBuffer buffer() {
    return buffer;
  }

  /** The directory the write publishes to, for a clear error when another job took it. */
  SortIntoRunsFn<T> withOutput(String directory) {
    settings = settings.withOutput(directory);
    return this;
  }

  /** Counts and hashes the records received; each run carries their totals. */
  SortIntoRunsFn<T> withInputTotals() {
    settings = settings.withInputTotals();
    return this;
  }

  @StartBundle
  public void startBundle() {
    if (buffer == null) {
      buffer = settings.newBuffer();
    }
    buffer.discard(); // anything left by a bundle that failed
  }

  @Teardown
  public void teardown() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
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
    RunInfo run = buffer.add(kv);
    if (run != null) {
      out.output(run);
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) throws IOException {
    if (!buffer.isEmpty()) {
      context.output(buffer.spill(), BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    }
  }
}
