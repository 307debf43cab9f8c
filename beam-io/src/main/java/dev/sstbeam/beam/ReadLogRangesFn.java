package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogOptions;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.log.LogReader;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Reads a log file by ranges of 1 MiB blocks: the restriction is an {@link OffsetRange} of block
 * indices, and a range returns exactly the records whose first byte lies in its blocks
 * ({@link LogRanges}, FORMAT.md §4.9). Before emitting a record the DoFn claims the block it
 * starts in, so initial splits and dynamic splits (Dataflow) are both exact: every record is read
 * once.
 *
 * <p>Corruption fails the bundle with the file, offset and error code, unless corrupt ranges are
 * routed: then the bytes from the failure to the end of the range go to {@link #CORRUPT} (with
 * the error) and are counted, and reading goes on with the next range. Either happens only in
 * the restriction that owns the failing bytes, after claiming their block: a range that was split
 * while it read on to complete its last record leaves a failure past its end to the residual.
 */
@DoFn.BoundedPerElement
final class ReadLogRangesFn extends DoFn<FileIO.ReadableFile, KeyValue> {
  private static final long serialVersionUID = 1L;
  static final TupleTag<KeyValue> RECORDS = new TupleTag<KeyValue>() {};
  static final TupleTag<CorruptRange> CORRUPT = new TupleTag<CorruptRange>() {};

  private final long blocksPerSplit;
  private final boolean routeCorruption;
  private final Counter records = Metrics.counter(LogIO.class, "records");
  private final Counter bytes = Metrics.counter(LogIO.class, "bytes");
  private final Counter corruptRanges = Metrics.counter(LogIO.class, "corrupt-ranges");
  private final Counter corruptBytes = Metrics.counter(LogIO.class, "corrupt-bytes");

  ReadLogRangesFn(long blocksPerSplit, boolean routeCorruption) {
    this.blocksPerSplit = blocksPerSplit;
    this.routeCorruption = routeCorruption;
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
    String name = file.getMetadata().resourceId().toString();
    OffsetRange range = tracker.currentRestriction();
    SeekableByteChannel channel = file.openSeekable();
    long claimed = -1;
    long lastStart = -1;
    long resumeAt = range.getFrom() * LogRanges.BLOCK_SIZE;
    try (LogReader reader =
        LogRanges.openRange(channel, name, range.getFrom(), range.getTo(), LogOptions.DEFAULT)) {
      try {
        KeyValue kv;
        while ((kv = reader.next()) != null) {
          if (reader.recordStart() != lastStart) {
            // The first item of a record: claim the block the record starts in.
            long block = LogRanges.blockOf(reader.recordStart());
            if (block != claimed) {
              if (!tracker.tryClaim(block)) {
                return;
              }
              claimed = block;
            }
            lastStart = reader.recordStart();
            bytes.inc(reader.recordEnd() - reader.recordStart());
          }
          resumeAt = reader.recordEnd();
          records.inc();
          out.get(RECORDS).output(kv);
        }
      } catch (SstException e) {
        // The reader may have gone past the restriction (after a split) before failing: the
        // failure is ours only if we can claim the block where the failing bytes begin.
        long block = failedBlock(reader, lastStart, resumeAt);
        if (block > claimed && !tracker.tryClaim(block)) {
          return;
        }
        if (!routeCorruption) {
          throw e.inFile(name);
        }
        long end =
            Math.min(tracker.currentRestriction().getTo() * LogRanges.BLOCK_SIZE, reader.fileSize());
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
   * The block owning a read failure: the block of the failing record's first byte when the
   * reader had started a new record; else, when it had read on past the last record returned
   * (padding that is not padding), the block of the last byte read; else (a later entry of a
   * record already returned does not decode) that record's block.
   */
  private static long failedBlock(LogReader reader, long lastStart, long resumeAt) {
    if (reader.recordStart() >= 0 && reader.recordStart() != lastStart) {
      return LogRanges.blockOf(reader.recordStart());
    }
    if (reader.position() > resumeAt) {
      return LogRanges.blockOf(reader.position() - 1);
    }
    return lastStart >= 0 ? LogRanges.blockOf(lastStart) : LogRanges.blockOf(resumeAt);
  }
}
