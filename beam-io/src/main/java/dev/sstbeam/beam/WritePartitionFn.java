package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.cursor.MergingCursor;
import dev.sstbeam.format.sort.DuplicateFilter;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstMetadata;
import dev.sstbeam.format.table.SstMultiWriter;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 3 of {@link SstIO#write()}: for one key range, merges the range's slice of every run
 * (each run is sorted, so a slice is found with one seek), drops duplicates by the policy, and
 * writes tables under deterministic temporary names ({@code p-PPPPP-SSSSS.sst}), rolling to a new
 * table at the target file size between two keys. A retried bundle overwrites the same names.
 */
final class WritePartitionFn extends DoFn<PartitionTask, PartitionResult> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SstIO.class);
  private static final HexFormat HEX = HexFormat.of();

  private final String tableDirectory;
  private final SstOptions options;
  private final DuplicatePolicy policy;
  private final Counter records = Metrics.counter(SstIO.class, "records");
  private final Counter bytes = Metrics.counter(SstIO.class, "bytes");
  private final Counter duplicates = Metrics.counter(SstIO.class, "duplicates");
  private final Counter tables = Metrics.counter(SstIO.class, "tables");
  private final Counter started = Metrics.counter(SstIO.class, "partitions-started");
  private final Counter finished = Metrics.counter(SstIO.class, "partitions-finished");

  WritePartitionFn(String tableDirectory, SstOptions options, DuplicatePolicy policy) {
    this.tableDirectory = tableDirectory;
    this.options = options;
    this.policy = policy;
  }

  @ProcessElement
  public void process(@Element PartitionTask task, OutputReceiver<PartitionResult> out)
      throws IOException {
    started.inc();
    LOG.info("partition {}: merging {} runs", task.partition, task.runs.size());
    List<Sst> opened = new ArrayList<>();
    List<Cursor> cursors = new ArrayList<>();
    ResourceId dir = BeamFiles.directory(tableDirectory);
    List<String> tempFiles = new ArrayList<>();
    DuplicateFilter filter = new DuplicateFilter(policy);
    SstMultiWriter writer =
        new SstMultiWriter(
            (i, o) -> {
              ResourceId file = BeamFiles.file(dir, String.format("p-%05d-%05d.sst", task.partition, i));
              tempFiles.add(file.toString());
              return SstWriter.open(create(file), file.toString(), o, true).hashInBackground();
            },
            options);
    long count = 0;
    try {
      for (String run : task.runs) {
        ResourceId id = FileSystems.matchNewResource(run, false);
        Sst sst = Sst.open(BeamFiles.openSeekable(id), run);
        opened.add(sst);
        cursors.add(sst.cursor());
      }
      MergingCursor merge = new MergingCursor(cursors);
      if (task.lowerKey != null) {
        merge.seek(task.lowerKey);
      } else {
        merge.seekToFirst();
        merge.next();
      }
      while (merge.hasItem()
          && (task.upperKey == null || Arrays.compareUnsigned(merge.key(), task.upperKey) < 0)) {
        KeyValue kv = merge.keyValue();
        if (filter.accept(kv)) {
          writer.add(kv);
          count++;
        }
        merge.next();
      }
      List<SstMultiWriter.Table> written = writer.seal();
      List<SstManifest.Table> entries = new ArrayList<>();
      for (SstMultiWriter.Table t : written) {
        entries.add(entry(t));
        bytes.inc(t.metadata().fileSize());
      }
      records.inc(count);
      tables.inc(written.size());
      duplicates.inc(filter.dropped());
      finished.inc();
      LOG.info("partition {}: wrote {} records in {} tables, dropped {} duplicates",
          task.partition, count, written.size(), filter.dropped());
      out.output(new PartitionResult(task.partition, entries, tempFiles, filter.dropped(),
          filter.droppedSetsum().hexDigest()));
    } finally {
      writer.close();
      for (Sst sst : opened) {
        sst.close();
      }
    }
  }

  private static java.nio.channels.WritableByteChannel create(ResourceId file) throws SstException {
    try {
      return BeamFiles.create(file);
    } catch (IOException e) {
      throw SystemErrors.of(e, file);
    }
  }

  /** The manifest entry of a table, named for now by its temporary file. */
  private static SstManifest.Table entry(SstMultiWriter.Table t) {
    SstMetadata md = t.metadata();
    SstManifest.Table e = new SstManifest.Table();
    e.file = t.name();
    e.firstKey = HEX.formatHex(md.firstKey());
    e.lastKey = HEX.formatHex(md.lastKey());
    e.smallestTimestamp = Long.toUnsignedString(md.smallestTimestamp());
    e.biggestTimestamp = Long.toUnsignedString(md.biggestTimestamp());
    e.records = t.items();
    e.bytes = md.fileSize();
    e.setsum = md.setsum().hexDigest();
    return e;
  }

}
