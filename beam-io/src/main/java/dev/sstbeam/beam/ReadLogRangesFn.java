package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogOptions;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads a log file by ranges of 1 MiB blocks: the restriction is an {@link OffsetRange} of block
 * indices, and a range returns exactly the records whose first byte lies in its blocks
 * ({@link LogRanges}, FORMAT.md §4.9). The DoFn claims a block before emitting the records that
 * start in it, so initial splits and dynamic splits (Dataflow) are both exact: every record is
 * read once.
 *
 * <p>It emits records in lists ({@link LogIO} flattens them), or with {@link Output#BLOCKS_BY_FILE}
 * each list keyed by its file's name ({@link #BLOCKS_BY_FILE}): the records starting in one
 * claimed block, cut every {@link #LIST_BYTES} of log. Runners bound the outputs between
 * checkpoints — the direct runner checkpoints a splittable DoFn every 100 outputs — so lists keep
 * checkpoints rare, and their size bounds the memory a bundle of outputs holds (~25 MiB). With
 * {@link Output#TOTALS} it emits no records at all: the count and setsum of the records of each
 * claimed block ({@link #TOTALS}), each record hashed where it lies in the log (no copies).
 *
 * <p>Corruption fails the bundle with the file, offset and error code, unless corrupt ranges are
 * routed: then the bytes from the failure to the end of the range go to {@link #CORRUPT} (with
 * the error) and are counted, and reading goes on with the next range. Either happens only in
 * the restriction that owns the failing bytes, after claiming their block: a range that was split
 * while it read on to complete its last record leaves a failure past its end to the residual.
 */
@DoFn.BoundedPerElement
final class ReadLogRangesFn extends DoFn<FileIO.ReadableFile, List<KeyValue>> {
  private static final long serialVersionUID = 1L;
  static final TupleTag<List<KeyValue>> BLOCKS = new TupleTag<List<KeyValue>>() {};
  static final TupleTag<CorruptRange> CORRUPT = new TupleTag<CorruptRange>() {};
  /** The lists keyed by the file they were read from, instead of {@link #BLOCKS}. */
  static final TupleTag<KV<String, List<KeyValue>>> BLOCKS_BY_FILE =
      new TupleTag<KV<String, List<KeyValue>>>() {};
  /** The count and setsum of the records read, instead of the records ({@link Output#TOTALS}). */
  static final TupleTag<RecordTotals> TOTALS = new TupleTag<RecordTotals>() {};

  /** What the DoFn emits for the records it claims. */
  enum Output {
    /** Lists of records ({@link #BLOCKS}). */
    BLOCKS,
    /** Lists of records keyed by their file ({@link #BLOCKS_BY_FILE}). */
    BLOCKS_BY_FILE,
    /** Only their count and setsum ({@link #TOTALS}); corruption is never routed. */
    TOTALS
  }

  /** A list is emitted once its records took this many bytes of log. */
  static final long LIST_BYTES = 256 << 10;

  private final long blocksPerSplit;
  private final boolean routeCorruption;
  private final Output output;
  private final Counter records = Metrics.counter(LogIO.class, "records");
  private final Counter bytes = Metrics.counter(LogIO.class, "bytes");
  private final Counter corruptRanges = Metrics.counter(LogIO.class, "corrupt-ranges");
  private final Counter corruptBytes = Metrics.counter(LogIO.class, "corrupt-bytes");

  ReadLogRangesFn(long blocksPerSplit, boolean routeCorruption) {
    this(blocksPerSplit, routeCorruption, Output.BLOCKS);
  }

  ReadLogRangesFn(long blocksPerSplit, boolean routeCorruption, Output output) {
    if (output == Output.TOTALS && routeCorruption) {
      throw new IllegalArgumentException("totals are not taken of logs with corrupt ranges");
    }
    this.blocksPerSplit = blocksPerSplit;
    this.routeCorruption = routeCorruption;
    this.output = output;
  }

  private void emit(String file, List<KeyValue> block, MultiOutputReceiver out) {
    if (!block.isEmpty()) {
      records.inc(block.size());
      if (output == Output.BLOCKS_BY_FILE) {
        out.get(BLOCKS_BY_FILE).output(KV.of(file, block));
      } else {
        out.get(BLOCKS).output(block);
      }
    }
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element FileIO.ReadableFile file) {
    return new OffsetRange(0, LogRanges.blockCount(file.getMetadata().sizeBytes()));
  }

  @SplitRestriction
  public void splitRestriction(
      @Restriction OffsetRange range, OutputReceiver<OffsetRange> out) {
    for (OffsetRange part : range.split(blocksPerSplit, 1)) {
      out.output(part);
    }
  }

  @NewTracker
  public OffsetRangeTracker newTracker(@Restriction OffsetRange range) {
    return new OffsetRangeTracker(range);
  }

  /** Bytes of the blocks in the range, bounded by the file's size. */
  @GetSize
  public double getSize(@Element FileIO.ReadableFile file, @Restriction OffsetRange range) {
    long size = file.getMetadata().sizeBytes();
    long from = Math.min(size, range.getFrom() * LogRanges.BLOCK_SIZE);
    long to = Math.min(size, range.getTo() * LogRanges.BLOCK_SIZE);
    return Math.max(0, to - from);
  }

  @ProcessElement
  public void process(
      @Element FileIO.ReadableFile file,
      RestrictionTracker<OffsetRange, Long> tracker,
      MultiOutputReceiver out)
      throws IOException {
    if (output == Output.TOTALS) {
      processTotals(file, tracker, out);
    } else {
      processLists(file, tracker, out);
    }
  }

  private void processLists(
      FileIO.ReadableFile file,
      RestrictionTracker<OffsetRange, Long> tracker,
      MultiOutputReceiver out)
      throws IOException {
    String name = file.getMetadata().resourceId().toString();
    OffsetRange range = tracker.currentRestriction();
    SeekableByteChannel channel = file.openSeekable();
    long claimed = -1;
    long listBytes = 0;
    List<KeyValue> block = new ArrayList<>();
    long resumeAt = range.getFrom() * LogRanges.BLOCK_SIZE;
    try (LogReader reader =
        LogRanges.openRange(channel, name, range.getFrom(), range.getTo(), LogOptions.DEFAULT)) {
      try {
        KeyValue kv;
        while ((kv = reader.next()) != null) {
          long startBlock = LogRanges.blockOf(reader.recordStart());
          if (startBlock != claimed) {
            emit(name, block, out);
            block = new ArrayList<>();
            listBytes = 0;
            if (!tracker.tryClaim(startBlock)) {
              return;
            }
            claimed = startBlock;
          }
          if (reader.recordStart() >= resumeAt) {
            if (listBytes >= LIST_BYTES) {
              emit(name, block, out);
              block = new ArrayList<>();
              listBytes = 0;
            }
            long size = reader.recordEnd() - reader.recordStart();
            bytes.inc(size);
            listBytes += size;
            resumeAt = reader.recordEnd();
          }
          block.add(kv);
        }
        emit(name, block, out);
      } catch (SstException e) {
        emit(name, block, out);
        // The reader may have gone past the restriction (after a split) before failing: the
        // failure is ours only if we can claim the block where the failing bytes begin.
        long failedIn = failedBlock(reader, resumeAt);
        if (failedIn > claimed && !tracker.tryClaim(failedIn)) {
          return;
        }
        if (!routeCorruption) {
          throw e.inFile(name);
        }
        long end =
            Math.min(tracker.currentRestriction().getTo() * LogRanges.BLOCK_SIZE, reader.fileSize());
        // A bad entry inside the record being decoded makes that whole record unreadable.
        if (reader.recordStart() >= 0 && reader.recordStart() < resumeAt) {
          resumeAt = reader.recordStart();
        }
        corruptRanges.inc();
        corruptBytes.inc(Math.max(0, end - resumeAt));
        out.get(CORRUPT).output(CorruptRange.of(name, resumeAt, Math.max(resumeAt, end), e));
      }
    }
    // Mark the whole restriction done: blocks in which no record starts are never claimed, and
    // after routed corruption the rest of the range is reported, not read.
    tracker.tryClaim(Long.MAX_VALUE);
  }

  /**
   * {@link Output#TOTALS}: the same claims as {@link #processLists}, each record's items added to
   * a setsum where they lie instead of copied out. The totals of the records of the blocks claimed
   * so far are emitted before each further claim (no output may follow a failed claim), so about
   * one tiny element per block. Corruption fails the bundle.
   */
  private void processTotals(
      FileIO.ReadableFile file, RestrictionTracker<OffsetRange, Long> tracker, MultiOutputReceiver out)
      throws IOException {
    String name = file.getMetadata().resourceId().toString();
    OffsetRange range = tracker.currentRestriction();
    long claimed = -1;
    long resumeAt = range.getFrom() * LogRanges.BLOCK_SIZE;
    Totals totals = new Totals();
    try (LogReader reader = LogRanges.openRange(
        file.openSeekable(), name, range.getFrom(), range.getTo(), LogOptions.DEFAULT)) {
      try {
        while (reader.skipToNext()) {
          long startBlock = LogRanges.blockOf(reader.recordStart());
          if (startBlock != claimed) {
            totals.emit(out);
            if (!tracker.tryClaim(startBlock)) {
              return;
            }
            claimed = startBlock;
          }
          if (reader.recordStart() >= resumeAt) {
            bytes.inc(reader.recordEnd() - reader.recordStart());
            resumeAt = reader.recordEnd();
          }
          reader.addCurrentTo(totals.setsum);
          totals.items++;
        }
        totals.emit(out);
      } catch (SstException e) {
        totals.emit(out);
        long failedIn = failedBlock(reader, resumeAt);
        if (failedIn > claimed && !tracker.tryClaim(failedIn)) {
          return;
        }
        throw e.inFile(name);
      }
    }
    tracker.tryClaim(Long.MAX_VALUE);
  }

  /** The records hashed in one call, and what of them was emitted. */
  private final class Totals {
    final BatchedSetsum setsum = new BatchedSetsum();
    Setsum emitted = new Setsum();
    long items;

    /** Emits the totals of the records hashed since the last emission, if any. */
    void emit(MultiOutputReceiver out) {
      if (items == 0) {
        return;
      }
      Setsum now = setsum.setsum();
      records.inc(items);
      out.get(TOTALS).output(new RecordTotals(items, now.minus(emitted)));
      emitted = now;
      items = 0;
    }
  }

  /**
   * The block owning a read failure: the block of the failing record's first byte when the
   * reader had started a record past the last one returned; else, when it had read on past that
   * record (padding that is not padding), the block of the last byte read; else (a later entry of
   * the record being returned does not decode) that record's block.
   */
  private static long failedBlock(LogReader reader, long resumeAt) {
    if (reader.recordStart() >= 0 && reader.recordStart() >= resumeAt) {
      return LogRanges.blockOf(reader.recordStart());
    }
    if (reader.position() > resumeAt) {
      return LogRanges.blockOf(reader.position() - 1);
    }
    return LogRanges.blockOf(reader.recordStart() >= 0 ? reader.recordStart() : resumeAt);
  }
}
