package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import dev.sstbeam.format.cursor.StreamCursor;
import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.gc.RetainedRecords;
import dev.sstbeam.format.sort.DuplicateFilter;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.table.SstMetadata;
import dev.sstbeam.format.table.SstMultiWriter;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 3 of {@link SstIO#write()}: for one key range, merges the range's slice of every run
 * (each run is sorted, so a slice is found with one seek), drops duplicates by the policy, and
 * writes tables under deterministic temporary names ({@code p-PPPPP-SSSSS.sst}), rolling to a new
 * table at the target file size between two keys. A retried bundle overwrites the same names.
 *
 * <p>For {@link SstIO#compact()} a garbage-collection policy follows the duplicate filter: the
 * range's merged stream holds every version of each of its keys, and the tables receive only the
 * records the policy keeps ({@link GcPolicy#retainedRecords}); what it collects is counted and
 * summed into the result, so the compaction can account for every input record.
 *
 * <p>At most {@link #MERGE_WIDTH} runs are merged at once: with more, the slices of consecutive
 * groups of runs are first merged into scratch runs on the worker's local temporary directory, as
 * many passes as needed, so open files and memory stay bounded however many bundles sorted. Runs
 * on another filesystem than local files (an object store) are merged at most
 * {@link #REMOTE_MERGE_WIDTH} at once, because each holds a connection while it is read: Beam's
 * S3 client has a pool of 50 connections shared by all the worker's threads, and a merge of 64
 * runs waited for a connection until it failed.
 */
final class WritePartitionFn extends DoFn<PartitionTask, PartitionResult> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SstIO.class);
  private static final HexFormat HEX = HexFormat.of();
  /** Runs merged at once: each holds an open channel and a 64 KiB block during the merge. */
  static final int MERGE_WIDTH = 64;
  /** Runs on a remote filesystem merged at once: each holds an open HTTP connection. */
  static final int REMOTE_MERGE_WIDTH = 8;
  /** Records between two checks that the job was not abandoned after a failure. */
  private static final int ABANDON_CHECK_RECORDS = 1 << 14;

  private final String tableDirectory;
  private final SstOptions options;
  private final DuplicatePolicy policy;
  private final int mergeWidth;
  private final String job;
  /** The compaction's policy, or null to keep every record. */
  private final @Nullable GcPolicy gcPolicy;
  /** The output directory whose claim the job must still hold when a table is created, if any. */
  private @Nullable String claimedDirectory;
  private final long nowMicros;
  private final Counter records = Metrics.counter(SstIO.class, "records");
  private final Counter bytes = Metrics.counter(SstIO.class, "bytes");
  private final Counter duplicates = Metrics.counter(SstIO.class, "duplicates");
  private final Counter tables = Metrics.counter(SstIO.class, "tables");
  private final Counter collectedCounter = Metrics.counter(SstIO.class, "collected");
  private final Counter started = Metrics.counter(SstIO.class, "partitions-started");
  private final Counter finished = Metrics.counter(SstIO.class, "partitions-finished");

  WritePartitionFn(String tableDirectory, SstOptions options, DuplicatePolicy policy, String job) {
    this(tableDirectory, options, policy, MERGE_WIDTH, job);
  }

  WritePartitionFn(String tableDirectory, SstOptions options, DuplicatePolicy policy,
      int mergeWidth, String job) {
    this(tableDirectory, options, policy, mergeWidth, job, null, 0);
  }

  /** A compaction's ranges: what {@code gcPolicy} keeps at {@code nowMicros} (unsigned). */
  WritePartitionFn(String tableDirectory, SstOptions options, DuplicatePolicy policy,
      int mergeWidth, String job, @Nullable GcPolicy gcPolicy, long nowMicros) {
    this.tableDirectory = tableDirectory;
    this.options = options;
    this.policy = policy;
    this.mergeWidth = mergeWidth;
    this.job = job;
    this.gcPolicy = gcPolicy;
    this.nowMicros = nowMicros;
  }

  /**
   * Creates each table only while the job holds its claim on {@code outputDirectory}. After a
   * failed job the driver deletes the temporary directory and releases the claim, but a task of
   * the failed job may still run on a worker the driver does not see (Spark lets the other
   * executors' tasks of an aborted stage run on); creating its next table would make the deleted
   * directory again. With this, such a task fails instead.
   */
  WritePartitionFn withClaimOn(String outputDirectory) {
    claimedDirectory = outputDirectory;
    return this;
  }

  @ProcessElement
  public void process(@Element PartitionTask task, OutputReceiver<PartitionResult> out)
      throws IOException {
    try (InFlightWrites.Step step = InFlightWrites.start(job)) {
      out.output(write(task));
    }
  }

  /** Merges and writes one key range; returns its tables (under their temporary names). */
  PartitionResult write(PartitionTask task) throws IOException {
    started.inc();
    LOG.info("partition {}: merging {} runs", task.partition, task.runs.size());
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
    List<Path> scratch = new ArrayList<>();
    long count = 0;
    try {
      List<String> runs = task.runs;
      while (runs.size() > widthFor(runs)) {
        runs = mergeGroups(runs, widthFor(runs), task, filter, scratch);
      }
      filter.reset();
      RecordTotals collected = new RecordTotals();
      try (RunSlices slices = RunSlices.open(runs, task.lowerKey, task.upperKey)) {
        StreamCursor.Source kept = () -> {
          KeyValue kv;
          while ((kv = slices.next()) != null) {
            if (filter.accept(kv)) {
              return kv;
            }
          }
          return null;
        };
        if (gcPolicy == null) {
          count = writeAll(kept, writer);
        } else {
          try (RetainedRecords retained = gcPolicy.retainedRecords(new StreamCursor(kept), nowMicros,
              (key, timestamp, value) -> {
                collected.records++;
                if (value == null) {
                  collected.setsum.insertDel(key, timestamp);
                } else {
                  collected.setsum.insertPut(key, timestamp, value);
                }
              })) {
            count = writeRetained(retained, writer);
          }
        }
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
      collectedCounter.inc(collected.records);
      finished.inc();
      LOG.info("partition {}: wrote {} records in {} tables, dropped {} duplicates, collected {}",
          task.partition, count, written.size(), filter.dropped(), collected.records);
      return new PartitionResult(task.partition, entries, tempFiles, filter.dropped(),
          filter.droppedSetsum().hexDigest(), collected.records, collected.setsum.hexDigest());
    } finally {
      writer.close();
      for (Path p : scratch) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("partition {}: could not delete scratch run {}: {}", task.partition, p, e.toString());
        }
      }
    }
  }

  /**
   * Writes every record of {@code records}; returns how many. (The loops are methods of their
   * own, so that the JIT compiles them small, not inlined into all of {@link #write}.)
   */
  private long writeAll(StreamCursor.Source records, SstMultiWriter writer) throws IOException {
    long count = 0;
    for (KeyValue kv = records.next(); kv != null; kv = records.next()) {
      writer.add(kv);
      if (++count % ABANDON_CHECK_RECORDS == 0) {
        InFlightWrites.checkNotAbandoned(job);
      }
    }
    return count;
  }

  /** Writes every record the collector retains; returns how many. */
  private long writeRetained(RetainedRecords retained, SstMultiWriter writer) throws IOException {
    long count = 0;
    for (retained.next(); retained.hasItem(); retained.next()) {
      writer.add(retained.keyValue());
      if (++count % ABANDON_CHECK_RECORDS == 0) {
        InFlightWrites.checkNotAbandoned(job);
      }
    }
    return count;
  }

  /** How many of {@code runs} may be merged at once: fewer when some are not local files. */
  private int widthFor(List<String> runs) {
    for (String run : runs) {
      if (!"file".equals(FileSystems.matchNewResource(run, false).getScheme())) {
        return Math.min(mergeWidth, REMOTE_MERGE_WIDTH);
      }
    }
    return mergeWidth;
  }

  /**
   * One pass: merges the task's slice of each group of {@code width} consecutive runs into a
   * local scratch run, applying the duplicate policy across the group; a group of one is kept as
   * it is. Groups keep their order, so the first copy of a duplicate still wins.
   */
  private List<String> mergeGroups(List<String> runs, int width, PartitionTask task,
      DuplicateFilter filter, List<Path> scratch) throws IOException {
    List<String> merged = new ArrayList<>();
    for (int from = 0; from < runs.size(); from += width) {
      InFlightWrites.checkNotAbandoned(job);
      List<String> group = runs.subList(from, Math.min(runs.size(), from + width));
      if (group.size() == 1) {
        merged.add(group.get(0));
        continue;
      }
      Path out = Files.createTempFile("sst-partition-" + task.partition + "-", ".sst");
      scratch.add(out);
      filter.reset();
      try (RunSlices slices = RunSlices.open(group, task.lowerKey, task.upperKey);
          SstWriter w = SstWriter.open(Files.newByteChannel(out, StandardOpenOption.WRITE),
              out.toString(), RunBuffer.RUN_OPTIONS, false)) {
        KeyValue kv;
        while ((kv = slices.next()) != null) {
          if (filter.accept(kv)) {
            w.add(kv);
          }
        }
        w.seal();
      }
      merged.add(out.toString());
    }
    return merged;
  }

  private java.nio.channels.WritableByteChannel create(ResourceId file) throws SstException {
    try {
      if (claimedDirectory != null) {
        OutputClaim.checkHeld(BeamFiles.directory(claimedDirectory), job);
      }
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
