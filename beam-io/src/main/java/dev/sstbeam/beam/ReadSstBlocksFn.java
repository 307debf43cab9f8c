package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.table.BlockMetadata;
import dev.sstbeam.format.table.Sst;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;

/**
 * Reads a table by ranges of its data blocks: the restriction is an {@link OffsetRange} of data
 * block indices, in the order the index lists them (FORMAT.md §5.1, §5.3). Before emitting a
 * block's items the DoFn claims the block, so initial and dynamic splits are exact and each range
 * emits its blocks' items in table order. The size of a range is the bytes of its blocks, taken
 * from the index's block metadata.
 *
 * <p>Data blocks are CRC-checked as they are read; corruption fails the bundle with the file,
 * offset and FORMAT.md §9 code.
 */
@DoFn.BoundedPerElement
final class ReadSstBlocksFn extends DoFn<FileIO.ReadableFile, KeyValue> {
  private static final long serialVersionUID = 1L;
  /** Block layouts remembered per worker, so sizing a restriction does not reopen the table. */
  private static final int LAYOUT_CACHE_ENTRIES = 64;

  private final long blocksPerSplit;
  private final Counter records = Metrics.counter(SstIO.class, "records-read");
  private final Counter bytes = Metrics.counter(SstIO.class, "bytes-read");
  private final Counter blocks = Metrics.counter(SstIO.class, "blocks-read");
  private transient Map<String, long[]> layouts;

  ReadSstBlocksFn(long blocksPerSplit) {
    this.blocksPerSplit = blocksPerSplit;
  }

  /** All data blocks of the table. */
  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element FileIO.ReadableFile file) throws IOException {
    return new OffsetRange(0, layout(file).length - 1);
  }

  /** Pieces of {@code blocksPerSplit} blocks (the last may be shorter). */
  @SplitRestriction
  public void splitRestriction(@Restriction OffsetRange range, OutputReceiver<OffsetRange> out) {
    for (OffsetRange part : range.split(blocksPerSplit, 1)) {
      out.output(part);
    }
  }

  @NewTracker
  public OffsetRangeTracker newTracker(@Restriction OffsetRange range) {
    return new OffsetRangeTracker(range);
  }

  /** Bytes of the range's data blocks. */
  @GetSize
  public double getSize(@Element FileIO.ReadableFile file, @Restriction OffsetRange range)
      throws IOException {
    long[] bounds = layout(file);
    int blockCount = bounds.length - 1;
    long from = Math.min(range.getFrom(), blockCount);
    long to = Math.min(range.getTo(), blockCount);
    return to <= from ? 0 : bounds[(int) to] - bounds[(int) from];
  }

  @ProcessElement
  public void process(
      @Element FileIO.ReadableFile file,
      RestrictionTracker<OffsetRange, Long> tracker,
      OutputReceiver<KeyValue> out)
      throws IOException {
    ResourceId id = file.getMetadata().resourceId();
    String name = id.toString();
    try (Sst sst = Sst.open(BeamFiles.openSeekable(id), name)) {
      List<BlockMetadata> dataBlocks = sst.dataBlocks();
      for (long i = tracker.currentRestriction().getFrom(); tracker.tryClaim(i); i++) {
        if (i >= dataBlocks.size()) {
          throw new IllegalStateException(
              name + " has " + dataBlocks.size() + " data blocks but block " + i
                  + " was to be read: the table changed after it was split");
        }
        BlockMetadata block = dataBlocks.get((int) i);
        try (Cursor c = sst.blockCursor(block)) {
          c.seekToFirst();
          long n = 0;
          for (c.next(); c.hasItem(); c.next()) {
            out.output(c.keyValue());
            n++;
          }
          records.inc(n);
        }
        blocks.inc();
        bytes.inc(block.limit() - block.start());
      }
    } catch (SstException e) {
      throw e.inFile(name);
    }
  }

  /**
   * The table's data block sizes as running totals: {@code bounds[i]} is the bytes of blocks
   * {@code [0, i)}, for i in 0..n (n = number of data blocks).
   */
  private long[] layout(FileIO.ReadableFile file) throws IOException {
    if (layouts == null) {
      layouts = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
          return size() > LAYOUT_CACHE_ENTRIES;
        }
      };
    }
    ResourceId id = file.getMetadata().resourceId();
    String key = id + "\0" + file.getMetadata().sizeBytes();
    long[] bounds = layouts.get(key);
    if (bounds == null) {
      bounds = readLayout(id);
      layouts.put(key, bounds);
    }
    return bounds;
  }

  private static long[] readLayout(ResourceId id) throws IOException {
    String name = id.toString();
    try (Sst sst = Sst.open(BeamFiles.openSeekable(id), name)) {
      List<BlockMetadata> dataBlocks = sst.dataBlocks();
      long[] bounds = new long[dataBlocks.size() + 1];
      for (int i = 0; i < dataBlocks.size(); i++) {
        BlockMetadata b = dataBlocks.get(i);
        bounds[i + 1] = bounds[i] + (b.limit() - b.start());
      }
      return bounds;
    } catch (SstException e) {
      throw e.inFile(name);
    }
  }
}
