package dev.sstbeam.beam;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.values.OutputBuilder;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Drives splittable DoFns by hand, outside a runner (as Beam's ParquetIOTest does for its
 * SplitReadFn): files as {@link FileIO.ReadableFile}, receivers that collect outputs, and a
 * tracker that is split while the DoFn is claiming — what a runner does when it takes a dynamic
 * split or a checkpoint.
 */
final class SdfHarness {
  private SdfHarness() {}

  /** A {@link FileIO.ReadableFile} for a local file (its constructor is package-private). */
  static FileIO.ReadableFile readableFile(Path path) throws Exception {
    MatchResult.Metadata md = FileSystems.matchSingleFileSpec(path.toString());
    Constructor<FileIO.ReadableFile> c =
        FileIO.ReadableFile.class.getDeclaredConstructor(MatchResult.Metadata.class, Compression.class);
    c.setAccessible(true);
    return c.newInstance(md, Compression.UNCOMPRESSED);
  }

  /** Collects what a DoFn outputs. */
  static final class ListReceiver<T> implements DoFn.OutputReceiver<T> {
    final List<T> items = new ArrayList<>();

    @Override
    public OutputBuilder<T> builder(T value) {
      throw new UnsupportedOperationException("only output(T) is expected");
    }

    @Override
    public void output(T value) {
      items.add(value);
    }
  }

  /** Collects a multi-output DoFn's outputs per tag. */
  static final class TagReceiver implements DoFn.MultiOutputReceiver {
    private final Map<TupleTag<?>, ListReceiver<?>> receivers = new HashMap<>();

    @SuppressWarnings("unchecked")
    @Override
    public <T> DoFn.OutputReceiver<T> get(TupleTag<T> tag) {
      return (DoFn.OutputReceiver<T>) receivers.computeIfAbsent(tag, t -> new ListReceiver<T>());
    }

    @Override
    public <T> DoFn.OutputReceiver<Row> getRowReceiver(TupleTag<T> tag) {
      throw new UnsupportedOperationException();
    }

    /** The records a {@link ReadLogRangesFn} emitted, in order (it emits them in lists). */
    List<dev.sstbeam.format.KeyValue> logRecords() {
      List<dev.sstbeam.format.KeyValue> out = new ArrayList<>();
      for (List<dev.sstbeam.format.KeyValue> list : items(ReadLogRangesFn.BLOCKS)) {
        out.addAll(list);
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    <T> List<T> items(TupleTag<T> tag) {
      ListReceiver<T> r = (ListReceiver<T>) receivers.get(tag);
      return r == null ? List.of() : r.items;
    }
  }

  /**
   * An {@link OffsetRangeTracker} that, right after its {@code splitAfterClaims}-th successful
   * claim, splits itself at {@code fraction} of the remainder (0 = checkpoint), as a runner may
   * at any time. The DoFn then goes on with the primary; {@link #residual()} is what is left.
   */
  static final class SplittingTracker extends RestrictionTracker<OffsetRange, Long>
      implements RestrictionTracker.HasProgress {
    private final OffsetRangeTracker inner;
    private final int splitAfterClaims;
    private final double fraction;
    private int claims;
    private @Nullable SplitResult<OffsetRange> split;
    private boolean attempted;

    SplittingTracker(OffsetRange range, int splitAfterClaims, double fraction) {
      this.inner = new OffsetRangeTracker(range);
      this.splitAfterClaims = splitAfterClaims;
      this.fraction = fraction;
    }

    @Override
    public boolean tryClaim(Long position) {
      boolean ok = inner.tryClaim(position);
      if (ok && ++claims == splitAfterClaims && !attempted) {
        attempted = true;
        split = inner.trySplit(fraction);
      }
      return ok;
    }

    @Override
    public OffsetRange currentRestriction() {
      return inner.currentRestriction();
    }

    @Override
    public @Nullable SplitResult<OffsetRange> trySplit(double fractionOfRemainder) {
      return inner.trySplit(fractionOfRemainder);
    }

    @Override
    public void checkDone() throws IllegalStateException {
      inner.checkDone();
    }

    @Override
    public IsBounded isBounded() {
      return IsBounded.BOUNDED;
    }

    @Override
    public Progress getProgress() {
      return inner.getProgress();
    }

    /** The part split off, or null if no split happened (too few claims, or nothing left). */
    @Nullable OffsetRange residual() {
      return split == null ? null : split.getResidual();
    }

    /** The part this tracker kept. */
    @Nullable OffsetRange primary() {
      return split == null ? null : split.getPrimary();
    }
  }

  /** Runs the DoFn's process method on one tracker. */
  @FunctionalInterface
  interface Process<T> {
    void run(RestrictionTracker<OffsetRange, Long> tracker, List<T> out) throws Exception;
  }

  /** One split a test asks for: after so many claims, at that fraction of the remainder. */
  static final class Split {
    final int afterClaims;
    final double fraction;

    Split(int afterClaims, double fraction) {
      this.afterClaims = afterClaims;
      this.fraction = fraction;
    }

    @Override
    public String toString() {
      return "split after " + afterClaims + " claims at " + fraction;
    }
  }

  /** The restrictions processed and the outputs of each, in processing order. */
  static final class Run<T> {
    final List<OffsetRange> restrictions = new ArrayList<>();
    final List<T> outputs = new ArrayList<>();
    int splitsTaken;
  }

  /**
   * Processes {@code range}, splitting as {@code splits} says: the i-th split happens while the
   * i-th restriction is processed, and its residual is processed next. Each tracker must be done
   * when its process call returns; the outputs are concatenated in order.
   */
  static <T> Run<T> processWithSplits(OffsetRange range, List<Split> splits, Process<T> process)
      throws Exception {
    Run<T> run = new Run<>();
    OffsetRange next = range;
    for (int i = 0; next != null; i++) {
      Split s = i < splits.size() ? splits.get(i) : new Split(Integer.MAX_VALUE, 0);
      SplittingTracker tracker = new SplittingTracker(next, s.afterClaims, s.fraction);
      List<T> out = new ArrayList<>();
      process.run(tracker, out);
      tracker.checkDone();
      run.outputs.addAll(out);
      run.restrictions.add(tracker.currentRestriction());
      next = tracker.residual();
      if (next != null) {
        run.splitsTaken++;
      }
    }
    return run;
  }

  /** The restrictions processed follow each other without gap or overlap and cover {@code whole}. */
  static void assertTiles(OffsetRange whole, List<OffsetRange> parts) {
    long at = whole.getFrom();
    for (OffsetRange r : parts) {
      if (r.getFrom() != at) {
        throw new AssertionError("restrictions " + parts + " do not tile " + whole);
      }
      at = r.getTo();
    }
    if (at != whole.getTo()) {
      throw new AssertionError("restrictions " + parts + " do not tile " + whole);
    }
  }
}
