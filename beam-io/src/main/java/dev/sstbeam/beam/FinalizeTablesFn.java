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
 * {@code MANIFEST.json} (under a temporary name, then renamed), and deletes the runs and the
 * temporary directory. Renames skip sources already gone, so a retried finalize completes the
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
  private final PCollectionView<List<PartitionResult>> resultsView;
  private final PCollectionView<List<RunInfo>> runsView;
  /** A compaction's description, which the manifest starts from; null for a write. */
  private final @Nullable PCollectionView<SstManifest> compactionView;

  FinalizeTablesFn(String directory, String tempDirectory,
      PCollectionView<List<PartitionResult>> resultsView, PCollectionView<List<RunInfo>> runsView) {
    this(directory, tempDirectory, resultsView, runsView, null);
  }

  FinalizeTablesFn(String directory, String tempDirectory,
      PCollectionView<List<PartitionResult>> resultsView, PCollectionView<List<RunInfo>> runsView,
      @Nullable PCollectionView<SstManifest> compactionView) {
    this.directory = directory;
    this.tempDirectory = tempDirectory;
    this.resultsView = resultsView;
    this.runsView = runsView;
    this.compactionView = compactionView;
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    List<PartitionResult> results = new ArrayList<>(c.sideInput(resultsView));
    List<RunInfo> runs = c.sideInput(runsView);
    results.sort(Comparator.comparingInt(r -> r.partition));
    ResourceId out = BeamFiles.directory(directory);
    SstManifest manifest = compactionView == null
        ? new SstManifest()
        : SstManifest.fromJson(c.sideInput(compactionView).toJson());
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
    if (manifest.compaction != null) {
      manifest.compaction.collected = collected.toManifest();
      String imbalance = manifest.compactionImbalance();
      if (imbalance != null) {
        throw new IOException("compaction into " + directory + ": balance MISMATCH, so nothing is"
            + " published: " + imbalance);
      }
    }

    BeamFiles.rename(from, to);
    checkAllExist(to);
    ResourceId temp = BeamFiles.directory(tempDirectory);
    ResourceId tempManifest = BeamFiles.file(temp, SstManifest.FILE_NAME);
    manifest.write(tempManifest);
    BeamFiles.rename(List.of(tempManifest), List.of(BeamFiles.file(out, SstManifest.FILE_NAME)));
    deleteTemporaryFiles(temp);
    LOG.info("wrote {} tables, {} records, to {}", manifest.tables.size(), manifest.records, directory);
    c.output(manifest);
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
}
