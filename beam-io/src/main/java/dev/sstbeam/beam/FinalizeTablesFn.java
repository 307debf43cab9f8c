package dev.sstbeam.beam;

import dev.sstbeam.format.setsum.Setsum;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 4 of {@link SstIO#write()}: gives the tables their final names
 * ({@code part-PPPPP-SSSSS.sst}, partition then sequence, so names sort in key order), writes
 * {@code MANIFEST.json} (under a temporary name, then renamed), releases the job's
 * {@link OutputClaim} and deletes the runs and the temporary directory.
 *
 * <p>It publishes only while the job holds the claim, and reads the published manifest back: on
 * a filesystem without create-new a job that lost a race for the directory fails here, loudly,
 * rather than report tables another job replaced. Renames skip sources already gone, and a
 * manifest already published by the same job counts as done, so a retried finalize completes the
 * same output instead of duplicating it.
 *
 * <p>For {@link SstIO#compact()} the manifest starts from a description of the compaction (a side
 * input: generation, parents, logs, policy, input totals), adds what the ranges' policy collected,
 * and is published only when its audit identity holds ({@link SstManifest#compactionImbalance()});
 * otherwise the step fails and no table gets a final name.
 */
final class FinalizeTablesFn extends DoFn<Integer, SstManifest> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SstIO.class);

  private final String directory;
  private final String tempDirectory;
  private final String job;
  private final PCollectionView<List<PartitionResult>> resultsView;
  private final PCollectionView<List<RunInfo>> runsView;
  /** A compaction's description, which the manifest starts from; null for a write. */
  private final @Nullable PCollectionView<SstManifest> compactionView;
  /** Whether the runs carry their input's totals, to be balanced against the tables'. */
  private boolean balanceCheck;

  FinalizeTablesFn(String directory, String tempDirectory, String job,
      PCollectionView<List<PartitionResult>> resultsView, PCollectionView<List<RunInfo>> runsView) {
    this(directory, tempDirectory, job, resultsView, runsView, null);
  }

  FinalizeTablesFn(String directory, String tempDirectory, String job,
      PCollectionView<List<PartitionResult>> resultsView, PCollectionView<List<RunInfo>> runsView,
      @Nullable PCollectionView<SstManifest> compactionView) {
    this.directory = directory;
    this.tempDirectory = tempDirectory;
    this.job = job;
    this.resultsView = resultsView;
    this.runsView = runsView;
    this.compactionView = compactionView;
  }

  /**
   * Publishes only when the runs' input totals equal the tables' plus the dropped duplicates'
   * ({@link SstIO.Write#withBalanceCheck()}); the output manifest carries them.
   */
  FinalizeTablesFn withBalanceCheck(boolean check) {
    balanceCheck = check;
    return this;
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    try (InFlightWrites.Step step = InFlightWrites.start(job)) {
      c.output(finish(c.sideInput(resultsView), c.sideInput(runsView),
          compactionView == null ? null : c.sideInput(compactionView)));
    }
  }

  private SstManifest finish(List<PartitionResult> partitions, List<RunInfo> runs,
      @Nullable SstManifest compaction) throws IOException {
    List<PartitionResult> results = new ArrayList<>(partitions);
    results.sort(Comparator.comparingInt(r -> r.partition));
    ResourceId out = BeamFiles.directory(directory);
    SstManifest manifest = compaction == null
        ? new SstManifest()
        : SstManifest.fromJson(compaction.toJson());
    RecordTotals collected = new RecordTotals();
    Setsum total = new Setsum();
    Setsum dropped = new Setsum();
    long droppedRecords = 0;
    List<ResourceId> from = new ArrayList<>();
    List<ResourceId> to = new ArrayList<>();
    for (PartitionResult r : results) {
      for (int seq = 0; seq < r.tables.size(); seq++) {
        SstManifest.Table t = r.tables.get(seq);
        String name = String.format("part-%05d-%05d.sst", r.partition, seq);
        from.add(FileSystems.matchNewResource(t.file, false));
        to.add(BeamFiles.file(out, name));
        t.file = name;
        manifest.tables.add(t);
        manifest.records += t.records;
        total.add(Setsum.fromHexDigest(t.setsum));
      }
      droppedRecords += r.droppedRecords;
      dropped.add(Setsum.fromHexDigest(r.droppedSetsum));
      collected.add(new RecordTotals(r.collectedRecords, Setsum.fromHexDigest(r.collectedSetsum)));
    }
    for (RunInfo run : runs) {
      droppedRecords += run.droppedRecords;
      dropped.add(Setsum.fromHexDigest(run.droppedSetsum));
    }
    manifest.setsum = total.hexDigest();
    manifest.dropped.records = droppedRecords;
    manifest.dropped.setsum = dropped.hexDigest();
    manifest.job = job;
    if (balanceCheck) {
      manifest.input = inputTotals(runs).toManifest();
      Setsum expected = total.plus(dropped);
      long expectedRecords = manifest.records + droppedRecords;
      if (!manifest.input.toSetsum().equals(expected) || manifest.input.records != expectedRecords) {
        throw new IOException("SstIO.write() into " + directory + ": balance MISMATCH, so nothing is"
            + " published: input " + manifest.input.setsum + " " + manifest.input.records
            + " records, tables + dropped " + expected.hexDigest() + " " + expectedRecords + " records");
      }
    }
    if (manifest.compaction != null) {
      manifest.compaction.collected = collected.toManifest();
      String imbalance = manifest.compactionImbalance();
      if (imbalance != null) {
        throw new IOException("compaction into " + directory + ": balance MISMATCH, so nothing is"
            + " published: " + imbalance);
      }
    }

    ResourceId temp = BeamFiles.directory(tempDirectory);
    String published = publishedJob(out);
    if (published != null && !published.equals(job)) {
      throw new IOException("SstIO.write(): " + directory + " holds the MANIFEST.json of another job ("
          + published + "); this job (" + job + ") published nothing there");
    }
    if (published == null) {
      OutputClaim.checkHeld(out, job);
      BeamFiles.rename(from, to);
      checkAllExist(to);
      ResourceId tempManifest = BeamFiles.file(temp, SstManifest.FILE_NAME);
      manifest.write(tempManifest);
      BeamFiles.rename(List.of(tempManifest), List.of(BeamFiles.file(out, SstManifest.FILE_NAME)));
      if (!job.equals(publishedJob(out))) {
        throw new IOException("SstIO.write(): another job wrote " + directory + " at the same time"
            + " and its MANIFEST.json replaced this job's (" + job + "); the tables there may mix"
            + " both jobs' records: audit the directory or write it again");
      }
    }
    OutputClaim.release(out, job);
    deleteTemporaryFiles(temp);
    LOG.info("wrote {} tables, {} records, to {}", manifest.tables.size(), manifest.records, directory);
    return manifest;
  }

  /** The job of the manifest published in {@code out} ("" if it names none), or null if none is. */
  private static @Nullable String publishedJob(ResourceId out) throws IOException {
    ResourceId file = BeamFiles.file(out, SstManifest.FILE_NAME);
    if (!BeamFiles.exists(file)) {
      return null;
    }
    String job = SstManifest.read(file).job;
    return job == null ? "" : job;
  }

  /**
   * Renames skip missing sources (a retry after some renames), so a table that is in neither
   * place would go unnoticed: fail, naming it, before a manifest lists it.
   */
  private static void checkAllExist(List<ResourceId> tables) throws IOException {
    if (tables.isEmpty()) {
      return;
    }
    List<MatchResult> found = FileSystems.matchResources(tables);
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      MatchResult m = found.get(i);
      if (m.status() == MatchResult.Status.NOT_FOUND
          || (m.status() == MatchResult.Status.OK && m.metadata().isEmpty())) {
        missing.add(tables.get(i).toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new FileNotFoundException("finalize: " + missing.size() + " table(s) are neither at their"
          + " temporary nor at their final name, so no MANIFEST.json is written: "
          + String.join(", ", missing));
    }
  }

  /**
   * After {@code job}'s pipeline failed: deletes its temporary directory and, if the job still
   * holds the claim on {@code out}, the tables it published without a manifest (a finalize that
   * failed half-way), then releases the claim. A job whose manifest is published keeps its output;
   * another job's files are never touched.
   */
  static void cleanUpFailedJob(ResourceId out, ResourceId temp, String job) {
    deleteTemporaryFiles(temp);
    try {
      OutputClaim holder = OutputClaim.read(out);
      if (holder == null || !job.equals(holder.job)) {
        return;
      }
      if (publishedJob(out) == null) {
        List<ResourceId> tables = new ArrayList<>();
        for (MatchResult.Metadata m : BeamFiles.match(BeamFiles.file(out, "part-*.sst").toString())) {
          tables.add(m.resourceId());
        }
        BeamFiles.deleteQuietly(tables);
      }
    } catch (IOException e) {
      LOG.warn("job {}: could not check what it left in {}: {}", job, out, e.toString());
    }
    OutputClaim.release(out, job);
    // A task of the job still running on another worker may have created a table between the
    // first sweep and the release; once the claim is gone, it can create no more (see
    // WritePartitionFn#withClaimOn).
    deleteTemporaryFiles(temp);
  }

  /** Deletes everything under the temporary directory (including runs of retried bundles). */
  static void deleteTemporaryFiles(ResourceId temp) {
    List<ResourceId> files = new ArrayList<>();
    for (String sub : new String[] {"runs", "tables"}) {
      try {
        for (MatchResult.Metadata m : BeamFiles.match(BeamFiles.subdirectory(temp, sub) + "*")) {
          files.add(m.resourceId());
        }
      } catch (IOException e) {
        LOG.warn("could not list {}{}: {}", temp, sub, e.getMessage());
      }
    }
    files.add(BeamFiles.file(temp, SstManifest.FILE_NAME));
    BeamFiles.deleteQuietly(files);
    BeamFiles.deleteQuietly(List.of(
        BeamFiles.subdirectory(temp, "runs"), BeamFiles.subdirectory(temp, "tables"), temp));
  }

  /** The sum of the runs' input totals; every run must carry them. */
  private static RecordTotals inputTotals(List<RunInfo> runs) {
    RecordTotals input = new RecordTotals();
    for (RunInfo run : runs) {
      if (run.inputSetsum == null) {
        throw new IllegalStateException("run " + run.file + " carries no input totals");
      }
      input.add(new RecordTotals(run.inputRecords, Setsum.fromHexDigest(run.inputSetsum)));
    }
    return input;
  }
}
