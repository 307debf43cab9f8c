package dev.sstbeam.beam;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.table.SstOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@link SstIO#compact()}: merges table sets (each a {@code MANIFEST.json} with its tables, as
 * {@link SstIO#write()} or a compaction writes them) and newer logs into a new generation of
 * globally sorted, non-overlapping tables, keeping per key only what a garbage-collection policy
 * of the Rust crate keeps ({@link GcPolicy}, FORMAT.md §6.7) over ALL the key's versions.
 *
 * <pre>{@code
 * p.apply(SstIO.compact()
 *     .from("/data/gen0").from("/data/gen1")      // table sets: directories or manifest paths
 *     .withLogs("/data/logs/*.log")               // optional
 *     .withPolicy("any(versions = 3, ttl_micros = 86400000000)")
 *     .atMicros(nowMicros)
 *     .to("/data/gen2"));
 * }</pre>
 *
 * <p>It reuses the phases of {@link SstIO#write()}: the logs are sorted into runs in a temporary
 * directory ({@link SortIntoRunsFn}); every input table is a run already (a table set's tables are
 * sorted and disjoint, so each range reads only the tables that overlap it), sampled from its
 * index block ({@link SampleTablesFn}); key ranges are planned over all runs, always between two
 * keys ({@link PlanPartitionsFn}), so every version of a key meets in one range; each range merges
 * the slices of its runs, drops exact duplicates (a conflicting one fails, naming key and
 * timestamp), applies the policy and writes tables ({@link WritePartitionFn}); the finalize step
 * ({@link FinalizeTablesFn}) names them {@code part-PPPPP-SSSSS.sst} and writes a version-2
 * {@code MANIFEST.json} (see {@link SstManifest}) — only when
 * {@code input = output + dropped duplicates + collected} holds, in setsums and counts.
 *
 * <p>Memory per worker is bounded as for a write (no record is grouped, no key's versions are
 * held), ranges run in parallel, and names are deterministic, so retries do not duplicate. The
 * guarantees of a write hold too, through the same steps: the job claims the output directory
 * before planning ({@link ClaimOutputFn}), so two jobs cannot both publish there; it publishes
 * only while it holds the claim; and after a failure the driver calls
 * {@link #cleanUpAfterFailure()}. The output directory must not hold tables or a manifest, and
 * the temporary directory must be reachable by every worker. Each {@link SstIO#compact()} is one
 * job: build a new one for each pipeline.
 */
@AutoValue
public abstract class CompactTables extends PTransform<PBegin, PCollection<SstManifest>> {
  private static final long serialVersionUID = 1L;

  abstract List<String> getTableSets();

  abstract List<String> getLogPatterns();

  abstract @Nullable String getPolicyText();

  abstract @Nullable Long getNowMicros();

  abstract @Nullable String getDirectory();

  abstract @Nullable String getTempDirectory();

  abstract int getNumPartitions();

  abstract long getTargetPartitionBytes();

  abstract int getParallelism();

  abstract long getSortMemoryBytes();

  abstract DuplicatePolicy getDuplicatePolicy();

  abstract SstOptions getSstOptions();

  abstract long getLogBlocksPerSplit();

  /** The job's token, unique to each {@link SstIO#compact()}: names its claim and temp directory. */
  abstract String getJob();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setTableSets(List<String> sets);

    abstract Builder setLogPatterns(List<String> patterns);

    abstract Builder setPolicyText(String text);

    abstract Builder setNowMicros(Long now);

    abstract Builder setDirectory(String dir);

    abstract Builder setTempDirectory(String dir);

    abstract Builder setNumPartitions(int n);

    abstract Builder setTargetPartitionBytes(long bytes);

    abstract Builder setParallelism(int workers);

    abstract Builder setSortMemoryBytes(long bytes);

    abstract Builder setDuplicatePolicy(DuplicatePolicy policy);

    abstract Builder setSstOptions(SstOptions options);

    abstract Builder setLogBlocksPerSplit(long blocks);

    abstract Builder setJob(String job);

    abstract CompactTables build();
  }

  static CompactTables create() {
    return new AutoValue_CompactTables.Builder()
        .setTableSets(List.of())
        .setLogPatterns(List.of())
        .setNumPartitions(0)
        .setTargetPartitionBytes(256L << 20)
        .setParallelism(1)
        .setSortMemoryBytes(64L << 20)
        .setDuplicatePolicy(DuplicatePolicy.DROP_EXACT)
        .setSstOptions(SstOptions.DEFAULT)
        .setLogBlocksPerSplit(LogIO.DEFAULT_BLOCKS_PER_SPLIT)
        .setJob(java.util.UUID.randomUUID().toString())
        .build();
  }

  /**
   * Adds an input table set: a directory holding {@code MANIFEST.json}, or the manifest's path.
   * Its tables are read exactly as the manifest lists them.
   */
  public CompactTables from(String tableSet) {
    checkArgument(tableSet != null && !tableSet.isEmpty(), "from(): the table set is empty");
    List<String> sets = new ArrayList<>(getTableSets());
    sets.add(tableSet);
    return toBuilder().setTableSets(List.copyOf(sets)).build();
  }

  /** Adds input logs: a file pattern that must match at least one log. */
  public CompactTables withLogs(String pattern) {
    checkArgument(pattern != null && !pattern.isEmpty(), "withLogs(): the pattern is empty");
    List<String> patterns = new ArrayList<>(getLogPatterns());
    patterns.add(pattern);
    return toBuilder().setLogPatterns(List.copyOf(patterns)).build();
  }

  /**
   * The garbage-collection policy, in the crate's text form ({@link GcPolicy#parse}); refused at
   * once, with the position, when it does not parse.
   */
  public CompactTables withPolicy(String text) {
    checkArgument(text != null, "withPolicy(): null");
    GcPolicy.parse(text);
    return toBuilder().setPolicyText(text).build();
  }

  /** The compaction's time, in microseconds (unsigned): {@code ttl_micros} counts back from it. */
  public CompactTables atMicros(long nowMicros) {
    return toBuilder().setNowMicros(nowMicros).build();
  }

  /** The output directory (any Beam filesystem); it must not hold tables or a manifest yet. */
  public CompactTables to(String directory) {
    checkArgument(directory != null && !directory.isEmpty(), "to(): the directory is empty");
    return toBuilder().setDirectory(directory).build();
  }

  /** Where runs of the logs and unfinished tables go; default: a hidden directory in the output. */
  public CompactTables withTempDirectory(String directory) {
    return toBuilder().setTempDirectory(directory).build();
  }

  /** The number of key ranges (default: one per {@link #withTargetPartitionBytes} of input). */
  public CompactTables withNumPartitions(int n) {
    checkArgument(n >= 1, "withNumPartitions(%s): must be at least 1", n);
    return toBuilder().setNumPartitions(n).build();
  }

  /** Input bytes per key range when the number is not given. Default 256 MiB. */
  public CompactTables withTargetPartitionBytes(long bytes) {
    checkArgument(bytes >= 1, "withTargetPartitionBytes(%s): must be positive", bytes);
    return toBuilder().setTargetPartitionBytes(bytes).build();
  }

  /**
   * How many key ranges the runner merges at once (default 1): a number of ranges taken from the
   * target bytes is rounded up to a multiple of it, as {@link SstIO.Write#withParallelism} does.
   */
  public CompactTables withParallelism(int workers) {
    checkArgument(workers >= 1, "withParallelism(%s): must be at least 1", workers);
    return toBuilder().setParallelism(workers).build();
  }

  /** Memory for sorting the logs per worker thread before spilling a run. Default 64 MiB. */
  public CompactTables withSortMemoryBytes(long bytes) {
    checkArgument(bytes >= (1 << 20), "withSortMemoryBytes(%s): must be at least 1 MiB", bytes);
    return toBuilder().setSortMemoryBytes(bytes).build();
  }

  /**
   * Records with the same key and timestamp in several inputs: {@link DuplicatePolicy#DROP_EXACT}
   * (default: exact copies are dropped and counted, a conflicting copy fails) or
   * {@link DuplicatePolicy#FAIL}. Keep-first is refused: which copy is first depends on how the
   * runner bundled the logs, so the result could not be checked ({@code verify-gc}).
   */
  public CompactTables withDuplicatePolicy(DuplicatePolicy policy) {
    checkArgument(policy == DuplicatePolicy.DROP_EXACT || policy == DuplicatePolicy.FAIL,
        "withDuplicatePolicy(%s): a compaction drops exact duplicates or fails on any", policy);
    return toBuilder().setDuplicatePolicy(policy).build();
  }

  /** Table options of the output; {@link SstOptions#targetFileSize()} is where tables roll over. */
  public CompactTables withSstOptions(SstOptions options) {
    return toBuilder().setSstOptions(options).build();
  }

  /** 1 MiB log blocks per initial read split (default {@value LogIO#DEFAULT_BLOCKS_PER_SPLIT}). */
  public CompactTables withLogBlocksPerSplit(long blocks) {
    checkArgument(blocks >= 1, "withLogBlocksPerSplit(%s): must be at least 1", blocks);
    return toBuilder().setLogBlocksPerSplit(blocks).build();
  }

  /**
   * The temporary directory of this compaction: the one given, or {@code .sst-beam-temp-JOB/}
   * inside the output directory.
   */
  public String temporaryDirectory() {
    checkArgument(getDirectory() != null, "SstIO.compact(): call to(directory) first");
    if (getTempDirectory() != null) {
      return getTempDirectory();
    }
    return BeamFiles.subdirectory(BeamFiles.directory(getDirectory()),
        ClaimOutputFn.TEMP_PREFIX + getJob()).toString();
  }

  /**
   * Cleans up after a pipeline holding this compaction failed or was cancelled, as
   * {@link SstIO.Write#cleanUpAfterFailure()} does for a write: stops its steps still running in
   * this JVM, deletes its temporary directory (the logs' runs, unfinished tables) and, if it still
   * holds the output's claim, the tables it published without a manifest, and releases the
   * claim. The input table sets are never touched. Build a new compaction to run again.
   */
  public void cleanUpAfterFailure() {
    checkArgument(getDirectory() != null, "SstIO.compact(): call to(directory) first");
    InFlightWrites.abandon(getJob(), SstIO.CLEAN_UP_WAIT_MILLIS);
    FinalizeTablesFn.cleanUpFailedJob(BeamFiles.directory(getDirectory()),
        BeamFiles.directory(temporaryDirectory()), getJob());
  }

  /** The policy as parsed. */
  public GcPolicy policy() {
    checkArgument(getPolicyText() != null, "SstIO.compact(): call withPolicy(text) first");
    return GcPolicy.parse(getPolicyText());
  }

  @Override
  public PCollection<SstManifest> expand(PBegin input) {
    checkArgument(getDirectory() != null, "SstIO.compact(): call to(directory) first");
    checkArgument(getPolicyText() != null, "SstIO.compact(): call withPolicy(text) first");
    checkArgument(getNowMicros() != null, "SstIO.compact(): call atMicros(now) first");
    checkArgument(!getTableSets().isEmpty() || !getLogPatterns().isEmpty(),
        "SstIO.compact(): give at least one table set (from) or log pattern (withLogs)");
    org.apache.beam.sdk.io.FileSystems.setDefaultPipelineOptions(input.getPipeline().getOptions());
    SstIO.Write.checkOutputDirectoryIsFree(getDirectory());
    GcPolicy policy = policy();
    long now = getNowMicros();

    SstManifest description = new SstManifest();
    description.compaction = new SstManifest.Compaction();
    description.compaction.policy = getPolicyText();
    description.compaction.policyDisplay = policy.toString();
    description.compaction.nowMicros = Long.toUnsignedString(now);
    description.compaction.duplicates =
        getDuplicatePolicy().toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    List<InputTable> tables = readTableSets(description);
    List<String> logs = matchLogs();

    String temp = temporaryDirectory();
    ResourceId tempDir = BeamFiles.directory(temp);
    String runDir = BeamFiles.subdirectory(tempDir, "runs").toString();
    String tableDir = BeamFiles.subdirectory(tempDir, "tables").toString();

    List<PCollection<RunInfo>> runLists = new ArrayList<>();
    runLists.add(input
        .apply("InputTables", Create.of(tables).withCoder(SerializableCoder.of(InputTable.class)))
        .apply("SpreadInputTables", Reshuffle.viaRandomKey())
        .apply("SampleInputTables", ParDo.of(new SampleTablesFn(SstIO.SAMPLE_BYTES)))
        .setCoder(SerializableCoder.of(RunInfo.class)));
    PCollectionView<List<KV<String, RecordTotals>>> logTotals = null;
    if (!logs.isEmpty()) {
      PCollection<KV<String, java.util.List<dev.sstbeam.format.KeyValue>>> blocks =
          input.apply("InputLogs", Create.of(logs).withCoder(StringUtf8Coder.of()))
              .apply("MatchLogs", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
              .apply("OpenLogs", FileIO.readMatches())
              .apply("ReadLogs", LogIO.readFiles().withBlocksPerSplit(getLogBlocksPerSplit()).inBlocksByFile());
      runLists.add(blocks
          .apply("LogBlocks", Values.create())
          .apply("SortLogsIntoRuns", ParDo.of(new SortIntoRunsFn.OfBatches(runDir,
              getSortMemoryBytes(), SstIO.SAMPLE_BYTES, getDuplicatePolicy(), getJob())
              .withOutput(getDirectory())))
          .setCoder(SerializableCoder.of(RunInfo.class)));
      logTotals = blocks
          .apply("LogTotals", Combine.perKey(RecordTotals.ofBatches()))
          .apply("LogTotalsAsList", View.asList());
    }
    PCollectionView<List<RunInfo>> runsView =
        PCollectionList.of(runLists).apply("AllRuns", Flatten.pCollections())
            .apply("RunsAsList", View.asList());

    PCollectionView<SstManifest> descriptionView =
        input.apply("StartDescribing", Create.of(0))
            .apply("DescribeCompaction", describe(description, logs, logTotals))
            .setCoder(SerializableCoder.of(SstManifest.class))
            .apply("DescriptionView", View.asSingleton());

    PCollection<PartitionResult> results =
        input.apply("StartWriting", Create.of(0))
            .apply("ClaimOutputDirectory",
                ParDo.of(new ClaimOutputFn(getDirectory(), temp, getJob())))
            .apply("PlanKeyRanges",
                ParDo.of(new PlanPartitionsFn(runsView, null, getNumPartitions(),
                        getTargetPartitionBytes(), getParallelism()))
                    .withSideInputs(runsView))
            .setCoder(SerializableCoder.of(PartitionTask.class))
            .apply("SpreadKeyRanges", Reshuffle.viaRandomKey())
            .apply("MergeCollectAndWriteTables",
                ParDo.of(new WritePartitionFn(tableDir, getSstOptions(), getDuplicatePolicy(),
                    WritePartitionFn.MERGE_WIDTH, getJob(), policy, now)
                    .withClaimOn(getDirectory())))
            .setCoder(SerializableCoder.of(PartitionResult.class));
    PCollectionView<List<PartitionResult>> resultsView =
        results.apply("TablesAsList", View.asList());
    return input
        .apply("StartFinalizing", Create.of(0))
        .apply("FinalizeTables",
            ParDo.of(new FinalizeTablesFn(getDirectory(), temp, getJob(), resultsView, runsView,
                    descriptionView))
                .withSideInputs(resultsView, runsView, descriptionView))
        .setCoder(SerializableCoder.of(SstManifest.class));
  }

  /**
   * Reads each table set's manifest (here, while the pipeline is built: manifests are small) into
   * the description's parents and generation, and lists its tables.
   */
  private List<InputTable> readTableSets(SstManifest description) {
    List<InputTable> tables = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long generation = 0;
    for (String location : getTableSets()) {
      TableSet set = TableSet.read(location, "SstIO.compact()");
      checkArgument(seen.add(set.manifestFile.toString()),
          "SstIO.compact(): the table set %s is given twice", location);
      description.compaction.parents.add(set.asParent());
      generation = Math.max(generation, set.manifest.generation + 1);
      tables.addAll(set.tables);
    }
    description.generation = Math.max(1, generation);
    return tables;
  }

  /** The logs the patterns match now, each pattern at least one; their list goes in the manifest. */
  private List<String> matchLogs() {
    return matchLogs(getLogPatterns(), "SstIO.compact()");
  }

  /** The files the patterns match now, each once; a pattern that matches none fails. */
  static List<String> matchLogs(List<String> patterns, String who) {
    List<String> logs = new ArrayList<>();
    for (String pattern : patterns) {
      try {
        List<MatchResult.Metadata> matched = BeamFiles.match(pattern);
        checkArgument(!matched.isEmpty(), "%s: no logs match %s", who, pattern);
        for (MatchResult.Metadata m : matched) {
          if (!logs.contains(m.resourceId().toString())) {
            logs.add(m.resourceId().toString());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(who + ": cannot match " + pattern, e);
      }
    }
    return logs;
  }

  private static ParDo.SingleOutput<Integer, SstManifest> describe(SstManifest description,
      List<String> logs, @Nullable PCollectionView<List<KV<String, RecordTotals>>> logTotals) {
    DescribeCompactionFn fn = new DescribeCompactionFn(description, logs, logTotals);
    return logTotals == null ? ParDo.of(fn) : ParDo.of(fn).withSideInputs(logTotals);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("tableSets", String.join(",", getTableSets())).withLabel("Input table sets"))
        .add(DisplayData.item("logs", String.join(",", getLogPatterns())).withLabel("Input logs"))
        .addIfNotNull(DisplayData.item("policy", getPolicyText()).withLabel("GC policy"))
        .addIfNotNull(DisplayData.item("nowMicros",
            getNowMicros() == null ? null : Long.toUnsignedString(getNowMicros())))
        .addIfNotNull(DisplayData.item("directory", getDirectory()).withLabel("Output directory"))
        .addIfNotNull(DisplayData.item("tempDirectory", getTempDirectory()))
        .add(DisplayData.item("job", getJob()).withLabel("Job token (names the output's claim)"))
        .add(DisplayData.item("numPartitions", getNumPartitions()))
        .add(DisplayData.item("targetPartitionBytes", getTargetPartitionBytes()))
        .add(DisplayData.item("parallelism", getParallelism()))
        .add(DisplayData.item("sortMemoryBytes", getSortMemoryBytes()))
        .add(DisplayData.item("duplicatePolicy", getDuplicatePolicy().toString()))
        .add(DisplayData.item("sstOptions", getSstOptions().toString()));
  }
}
