package dev.sstbeam.beam;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogOptions;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.wire.EntryCodec;
import java.io.IOException;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Phase 1 of {@link SstIO.Write#onLogFiles}: reads a range of 1 MiB blocks of a log (exactly the
 * records whose first byte lies in them, FORMAT.md §4.9, as {@link LogIO} reads a range) and
 * copies each record from the log's record buffer straight into a {@link RunBuffer}, which writes
 * a sorted run whenever it is full and at the end of the bundle. No record or list of records is
 * ever an element, so no runner holds them between steps.
 *
 * <p>A plain DoFn over ranges cut beforehand ({@link SplitFn}), not a splittable one: the direct
 * runner lets a splittable DoFn output only from its process call and never after a claim failed,
 * which would cut a run at every block. Corruption fails the bundle with the file, offset and
 * error code. The same {@code records} and {@code bytes} counters as {@link LogIO}'s reads.
 */
final class SortLogRangesFn extends SortIntoRunsFn<KV<FileIO.ReadableFile, OffsetRange>> {
  private static final long serialVersionUID = 1L;

  private final Counter records = Metrics.counter(LogIO.class, "records");
  private final Counter bytes = Metrics.counter(LogIO.class, "bytes");

  SortLogRangesFn(RunBuffer.Settings settings) {
    super(settings);
  }

  @ProcessElement
  public void process(@Element KV<FileIO.ReadableFile, OffsetRange> range,
      OutputReceiver<RunInfo> out) throws IOException {
    FileIO.ReadableFile file = range.getKey();
    String name = file.getMetadata().resourceId().toString();
    long count = 0;
    long lastRecordStart = -1;
    try (LogReader reader = LogRanges.openRange(file.openSeekable(), name,
        range.getValue().getFrom(), range.getValue().getTo(), LogOptions.DEFAULT)) {
      while (reader.skipToNext()) {
        if (reader.recordStart() != lastRecordStart) {
          bytes.inc(reader.recordEnd() - reader.recordStart());
          lastRecordStart = reader.recordStart();
        }
        EntryCodec.DecodedEntry item = reader.current();
        RunInfo run = buffer().add(item.buffer, item.keyOffset, item.keyLength, item.timestamp,
            item.put ? item.buffer : null, item.valueOffset, item.valueLength);
        count++;
        if (run != null) {
          out.output(run);
        }
      }
    } catch (SstException e) {
      throw e.inFile(name);
    } finally {
      records.inc(count);
    }
  }

  /** Cuts each log into ranges of {@code blocksPerSplit} blocks (the last one shorter). */
  static final class SplitFn extends DoFn<FileIO.ReadableFile, KV<FileIO.ReadableFile, OffsetRange>> {
    private static final long serialVersionUID = 1L;
    private final long blocksPerSplit;

    SplitFn(long blocksPerSplit) {
      this.blocksPerSplit = blocksPerSplit;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file,
        OutputReceiver<KV<FileIO.ReadableFile, OffsetRange>> out) {
      long blocks = LogRanges.blockCount(file.getMetadata().sizeBytes());
      for (long from = 0; from < blocks; from += blocksPerSplit) {
        out.output(KV.of(file, new OffsetRange(from, Math.min(blocks, from + blocksPerSplit))));
      }
    }
  }
}
