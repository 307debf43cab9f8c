package dev.sstbeam.beam;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.table.SstOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.ReadableFileCoder;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writing and reading Rust {@code sst} 0.24.0 sorted string tables.
 *
 * <pre>{@code
 * PCollection<SstManifest> manifest =
 *     records.apply(SstIO.write().to("/out/tables").withTargetFileSize(64 << 20));
 * }</pre>
 *
 * <p>{@link #write()} turns any bounded {@code PCollection<KeyValue>} into globally sorted tables
 * with disjoint, ascending key ranges, without holding the data in memory or shuffling it:
 *
 * <ol>
 *   <li>the job claims the output directory (a {@code .sst-beam-claim} file naming the job;
 *       created atomically on local files, and on S3 with the module {@code sst-s3}: see
 *       {@link CreateIfAbsent}), so that a second job writing there fails instead of
 *       mixing its tables with this one's;
 *   <li>each bundle sorts its records in memory (at most {@code sortMemoryBytes} at a time) and
 *       writes them as sorted runs in a temporary directory, with key samples;
 *   <li>split points are taken from the user or chosen from the samples so ranges hold equal
 *       bytes — always between two keys, so all versions of a key are in one range;
 *   <li>each range merges its slice of every run, drops duplicates by the {@link DuplicatePolicy}
 *       and writes tables (rolling at the target file size, between keys) under temporary names;
 *   <li>a finalize step, while the job holds the claim, renames them to
 *       {@code part-PPPPP-SSSSS.sst}, writes {@code MANIFEST.json} (naming the job), reads it back,
 *       releases the claim and deletes the temporary files.
 * </ol>
 *
 * The temporary directory must be reachable by every worker (by default it is inside the output
 * directory). The output directory must not already hold tables or a manifest. When the pipeline
 * fails, the driver calls {@link Write#cleanUpAfterFailure()}, so that a rerun finds the directory
 * as it was.
 *
 * <p>{@link #read()}, {@link #readFiles()} and {@link #readManifest(String)} read tables in
 * parallel by ranges of data blocks (a splittable DoFn over block indices), emitting each table's
 * items in table order within a range:
 *
 * <pre>{@code
 * PCollection<KeyValue> all = p.apply(SstIO.readManifest("/out/tables"));
 * PCollection<KeyValue> some = p.apply(SstIO.read().from("/data/*.sst"));
 * }</pre>
 *
 * <p>{@link #compact()} merges table sets and newer logs into a new generation of tables under a
 * garbage-collection policy of the crate, through the same phases as a write
 * ({@link CompactTables}); {@link #verifyCompaction} checks such an output independently
 * ({@link VerifyCompaction}); {@link #lookup()} answers point lookups in a table set
 * ({@link LookUpTables}).
 */
public final class SstIO {
  private static final HexFormat HEX = HexFormat.of();
  /** Phase 1 takes a key sample per this many bytes of sorted data. */
  static final long SAMPLE_BYTES = 256 << 10;

  /** How long {@link Write#cleanUpAfterFailure()} waits for the job's running steps. */
  static final long CLEAN_UP_WAIT_MILLIS = 120_000;

  /** Default data blocks per initial split: about 4 MiB of table at the default 4 KiB blocks. */
  public static final long DEFAULT_BLOCKS_PER_SPLIT = 1024;

  private SstIO() {}

  /** Reads the tables matching a file pattern. */
  public static Read read() {
    return new AutoValue_SstIO_Read.Builder()
        .setBlocksPerSplit(DEFAULT_BLOCKS_PER_SPLIT)
        .setEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW)
        .build();
  }

  /** Reads the tables of a {@code PCollection<ReadableFile>} (e.g. from {@link FileIO#match()}). */
  public static ReadFiles readFiles() {
    return new AutoValue_SstIO_ReadFiles.Builder().setBlocksPerSplit(DEFAULT_BLOCKS_PER_SPLIT).build();
  }

  /**
   * Reads exactly the tables listed in a {@code MANIFEST.json} written by {@link #write()}: give
   * the manifest's directory, or the path of the manifest itself (a path whose last component is
   * {@code MANIFEST.json}). Fails when a listed table is missing or has another size than listed.
   */
  public static ReadManifest readManifest(String directoryOrManifest) {
    checkArgument(directoryOrManifest != null && !directoryOrManifest.isEmpty(),
        "readManifest(): the directory or manifest path is empty");
    return new AutoValue_SstIO_ReadManifest.Builder()
        .setLocation(directoryOrManifest)
        .setBlocksPerSplit(DEFAULT_BLOCKS_PER_SPLIT)
        .build();
  }

  /** {@link #read()}. */
  @AutoValue
  public abstract static class Read extends PTransform<PBegin, PCollection<KeyValue>> {
    private static final long serialVersionUID = 1L;

    abstract @Nullable String getFilepattern();

    abstract long getBlocksPerSplit();

    abstract EmptyMatchTreatment getEmptyMatchTreatment();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setFilepattern(String pattern);

      abstract Builder setBlocksPerSplit(long blocks);

      abstract Builder setEmptyMatchTreatment(EmptyMatchTreatment treatment);

      abstract Read build();
    }

    /** The tables to read: a file pattern of any Beam filesystem. */
    public Read from(String filepattern) {
      checkArgument(filepattern != null && !filepattern.isEmpty(), "from(): the file pattern is empty");
      return toBuilder().setFilepattern(filepattern).build();
    }

    /** Data blocks per initial split (default {@value SstIO#DEFAULT_BLOCKS_PER_SPLIT}). */
    public Read withBlocksPerSplit(long blocks) {
      checkArgument(blocks >= 1, "withBlocksPerSplit(%s): must be at least 1", blocks);
      return toBuilder().setBlocksPerSplit(blocks).build();
    }

    /** What to do when the pattern matches no file (default: fail). */
    public Read withEmptyMatchTreatment(EmptyMatchTreatment treatment) {
      checkArgument(treatment != null, "withEmptyMatchTreatment(): null");
      return toBuilder().setEmptyMatchTreatment(treatment).build();
    }

    @Override
    public PCollection<KeyValue> expand(PBegin input) {
      checkArgument(getFilepattern() != null, "SstIO.read(): call from(filepattern) first");
      return input
          .apply("MatchTables", FileIO.match().filepattern(getFilepattern())
              .withEmptyMatchTreatment(getEmptyMatchTreatment()))
          .apply("ReadMatches", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
          .apply("ReadTables", readFiles().withBlocksPerSplit(getBlocksPerSplit()));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(DisplayData.item("filePattern", getFilepattern()).withLabel("Input tables"))
          .add(DisplayData.item("blocksPerSplit", getBlocksPerSplit()).withLabel("Data blocks per split"))
          .add(DisplayData.item("emptyMatchTreatment", getEmptyMatchTreatment().toString()));
    }
  }

  /** {@link #readFiles()}. */
  @AutoValue
  public abstract static class ReadFiles
      extends PTransform<PCollection<FileIO.ReadableFile>, PCollection<KeyValue>> {
    private static final long serialVersionUID = 1L;

    abstract long getBlocksPerSplit();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setBlocksPerSplit(long blocks);

      abstract ReadFiles build();
    }

    /** Data blocks per initial split (default {@value SstIO#DEFAULT_BLOCKS_PER_SPLIT}). */
    public ReadFiles withBlocksPerSplit(long blocks) {
      checkArgument(blocks >= 1, "withBlocksPerSplit(%s): must be at least 1", blocks);
      return toBuilder().setBlocksPerSplit(blocks).build();
    }

    @Override
    public PCollection<KeyValue> expand(PCollection<FileIO.ReadableFile> input) {
      checkArgument(getBlocksPerSplit() >= 1, "SstIO.readFiles(): blocksPerSplit must be at least 1");
      return input
          .apply("ReadDataBlocks", ParDo.of(new ReadSstBlocksFn(getBlocksPerSplit())))
          .setCoder(KeyValueCoder.of());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("blocksPerSplit", getBlocksPerSplit()).withLabel("Data blocks per split"));
    }
  }

  /** {@link #readManifest(String)}. */
  @AutoValue
  public abstract static class ReadManifest extends PTransform<PBegin, PCollection<KeyValue>> {
    private static final long serialVersionUID = 1L;

    abstract String getLocation();

    abstract long getBlocksPerSplit();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setLocation(String location);

      abstract Builder setBlocksPerSplit(long blocks);

      abstract ReadManifest build();
    }

    /** Data blocks per initial split (default {@value SstIO#DEFAULT_BLOCKS_PER_SPLIT}). */
    public ReadManifest withBlocksPerSplit(long blocks) {
      checkArgument(blocks >= 1, "withBlocksPerSplit(%s): must be at least 1", blocks);
      return toBuilder().setBlocksPerSplit(blocks).build();
    }

    @Override
    public PCollection<KeyValue> expand(PBegin input) {
      checkArgument(!getLocation().isEmpty(), "SstIO.readManifest(): the location is empty");
      return input
          .apply("ManifestLocation", Create.of(getLocation()))
          .apply("ListManifestTables", ParDo.of(new ListManifestTablesFn()))
          .setCoder(MetadataCoderV2.of())
          .apply("SpreadTables", Reshuffle.viaRandomKey())
          .apply("ReadMatches", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
          .apply("ReadTables", readFiles().withBlocksPerSplit(getBlocksPerSplit()));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("manifest", getLocation()).withLabel("Manifest or its directory"))
          .add(DisplayData.item("blocksPerSplit", getBlocksPerSplit()).withLabel("Data blocks per split"));
    }
  }

  /**
   * Compacts table sets and logs into a new generation of tables under a garbage-collection
   * policy ({@link CompactTables}).
   */
  public static CompactTables compact() {
    return CompactTables.create();
  }

  /**
   * Checks a compaction's output against its inputs and policy, recomputing what the policy
   * requires independently of the compactor ({@link VerifyCompaction}); give the output's
   * directory or manifest.
   */
  public static VerifyCompaction verifyCompaction(String output) {
    return VerifyCompaction.of(output);
  }

  /**
   * Point lookups in a table set: each {@link LookupRequest} answered by the table whose key
   * range holds its key ({@link LookUpTables}).
   */
  public static LookUpTables lookup() {
    return new LookUpTables(null, 1_000_000);
  }

  /**
   * Writes records as sorted, non-overlapping tables plus {@code MANIFEST.json}. Each call is a new
   * job with its own token, by which its steps (retries included) know its claim on the output
   * directory: build a new write for each pipeline you run.
   */
  public static Write write() {
    return new AutoValue_SstIO_Write.Builder()
        .setNumPartitions(0)
        .setTargetPartitionBytes(256L << 20)
        .setParallelism(1)
        .setBalanceCheck(false)
        .setSortMemoryBytes(64L << 20)
        .setDuplicatePolicy(DuplicatePolicy.DROP_EXACT)
        .setSstOptions(SstOptions.DEFAULT)
        .setJob(UUID.randomUUID().toString())
        .build();
  }

  /** {@link #write()}. */
  @AutoValue
  public abstract static class Write extends PTransform<PCollection<KeyValue>, PCollection<SstManifest>> {
    private static final long serialVersionUID = 1L;

    abstract @Nullable String getDirectory();

    abstract @Nullable String getTempDirectory();

    abstract @Nullable List<String> getSplitPointsHex();

    abstract int getNumPartitions();

    abstract long getTargetPartitionBytes();

    abstract int getParallelism();

    abstract boolean getBalanceCheck();

    abstract long getSortMemoryBytes();

    abstract DuplicatePolicy getDuplicatePolicy();

    abstract SstOptions getSstOptions();

    /** The job's token, unique to each {@link SstIO#write()}: names its claim and temp directory. */
    abstract String getJob();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setDirectory(String dir);

      abstract Builder setTempDirectory(String dir);

      abstract Builder setSplitPointsHex(List<String> splits);

      abstract Builder setNumPartitions(int n);

      abstract Builder setTargetPartitionBytes(long bytes);

      abstract Builder setParallelism(int workers);

      abstract Builder setBalanceCheck(boolean check);

      abstract Builder setSortMemoryBytes(long bytes);

      abstract Builder setDuplicatePolicy(DuplicatePolicy policy);

      abstract Builder setSstOptions(SstOptions options);

      abstract Builder setJob(String job);

      abstract Write build();
    }

    /** The output directory (any Beam filesystem); it must not hold tables or a manifest yet. */
    public Write to(String directory) {
      checkArgument(directory != null && !directory.isEmpty(), "to(): the directory is empty");
      return toBuilder().setDirectory(directory).build();
    }

    /** Where runs and unfinished tables go; default: a hidden directory inside the output. */
    public Write withTempDirectory(String directory) {
      return toBuilder().setTempDirectory(directory).build();
    }

    /**
     * The temporary directory of this write: the one given, or {@code .sst-beam-temp-JOB/} inside
     * the output directory.
     */
    public String temporaryDirectory() {
      checkArgument(getDirectory() != null, "SstIO.write(): call to(directory) first");
      if (getTempDirectory() != null) {
        return getTempDirectory();
      }
      return BeamFiles.subdirectory(BeamFiles.directory(getDirectory()),
          ClaimOutputFn.TEMP_PREFIX + getJob()).toString();
    }

    /**
     * Cleans up after a pipeline holding this write failed or was cancelled; call it from the
     * driver. Stops this write's steps still running in this JVM (a runner may report a failure
     * while other bundles run) and waits for them, deletes the temporary directory, and, if the
     * job still holds the output directory's claim, deletes the tables it published without a
     * manifest and releases the claim. Nothing of another job is touched, and an output whose
     * {@code MANIFEST.json} was published stays. The same write cannot run again afterwards:
     * build a new {@link SstIO#write()}.
     */
    public void cleanUpAfterFailure() {
      checkArgument(getDirectory() != null, "SstIO.write(): call to(directory) first");
      InFlightWrites.abandon(getJob(), CLEAN_UP_WAIT_MILLIS);
      FinalizeTablesFn.cleanUpFailedJob(BeamFiles.directory(getDirectory()),
          BeamFiles.directory(temporaryDirectory()), getJob());
    }

    /**
     * Fixed split points (strictly increasing keys): range i holds the keys in
     * {@code [split[i-1], split[i])}. Without them split points are sampled from the data.
     */
    public Write withSplitPoints(List<byte[]> splitPoints) {
      List<String> hex = new ArrayList<>();
      for (int i = 0; i < splitPoints.size(); i++) {
        checkArgument(i == 0 || Arrays.compareUnsigned(splitPoints.get(i - 1), splitPoints.get(i)) < 0,
            "withSplitPoints(): split points must be strictly increasing (at index %s)", i);
        hex.add(HEX.formatHex(splitPoints.get(i)));
      }
      return toBuilder().setSplitPointsHex(hex).build();
    }

    /** The number of key ranges to sample split points for (default: from the target bytes). */
    public Write withNumPartitions(int n) {
      checkArgument(n >= 1, "withNumPartitions(%s): must be at least 1", n);
      return toBuilder().setNumPartitions(n).build();
    }

    /** Bytes per key range when the number of ranges is not given. Default 256 MiB. */
    public Write withTargetPartitionBytes(long bytes) {
      checkArgument(bytes >= 1, "withTargetPartitionBytes(%s): must be positive", bytes);
      return toBuilder().setTargetPartitionBytes(bytes).build();
    }

    /**
     * How many key ranges the runner merges at once (its worker threads; default 1). The number
     * of ranges taken from the target bytes is rounded up to a multiple of it, as long as each
     * range keeps at least a {@code parallelism}-th of the target: 578 MB at 256 MiB a range on 2
     * workers is 4 ranges, not 3 (with 3, one worker idles through the last round of merges).
     * Ranges named by {@link #withNumPartitions} or {@link #withSplitPoints} are kept as they are.
     */
    public Write withParallelism(int workers) {
      checkArgument(workers >= 1, "withParallelism(%s): must be at least 1", workers);
      return toBuilder().setParallelism(workers).build();
    }

    /**
     * Counts and hashes every input record as it is sorted (before duplicates are dropped), and
     * publishes the tables only when that count and setsum equal the tables' plus the dropped
     * duplicates' (else the step fails and nothing is published). The output {@link SstManifest}
     * then carries the input's totals ({@link SstManifest#input}): the audit identity of the
     * conversion, checked without a second pass over the input. Costs one hash per record.
     */
    public Write withBalanceCheck() {
      return toBuilder().setBalanceCheck(true).build();
    }

    /**
     * Memory for sorting per worker thread before spilling a run. Default 64 MiB. A worker uses
     * less when its heap is small: at most a quarter of its heap shared among its processors.
     */
    public Write withSortMemoryBytes(long bytes) {
      checkArgument(bytes >= (1 << 20), "withSortMemoryBytes(%s): must be at least 1 MiB", bytes);
      return toBuilder().setSortMemoryBytes(bytes).build();
    }

    /** What to do with records of equal key and timestamp. Default: drop exact duplicates. */
    public Write withDuplicatePolicy(DuplicatePolicy policy) {
      return toBuilder().setDuplicatePolicy(policy).build();
    }

    /** Table options; {@link SstOptions#targetFileSize()} is where tables roll over. */
    public Write withSstOptions(SstOptions options) {
      return toBuilder().setSstOptions(options).build();
    }

    /** Shorthand for the table size at which a new table starts. */
    public Write withTargetFileSize(long bytes) {
      return withSstOptions(getSstOptions().toBuilder().targetFileSize(bytes).build());
    }

    /**
     * The same write for batches of records, such as {@link LogIO.Read#inBlocks()}: far fewer
     * elements, which matters on runners with a per-element cost such as the direct runner.
     */
    public PTransform<PCollection<List<KeyValue>>, PCollection<SstManifest>> onBatches() {
      Write self = this;
      return new PTransform<PCollection<List<KeyValue>>, PCollection<SstManifest>>("WriteTables") {
        private static final long serialVersionUID = 1L;

        @Override
        public PCollection<SstManifest> expand(PCollection<List<KeyValue>> input) {
          return self.expandWith(input, (runDir, memory, policy, job) ->
              new SortIntoRunsFn.OfBatches(runDir, memory, SAMPLE_BYTES, policy, job));
        }
      };
    }

    /**
     * The same write for the records of logs, read by 1 MiB-block-aligned ranges as {@link
     * LogIO#readFiles()} reads them ({@code blocksPerSplit} blocks per initial split), each record
     * copied from the log straight into the sort buffer of the step that reads it: no element per
     * record or list of records, and with the balance check each record is hashed where it lies in
     * the log. Corruption fails the write, naming the file, offset and error code.
     */
    public PTransform<PCollection<FileIO.ReadableFile>, PCollection<SstManifest>> onLogFiles(
        long blocksPerSplit) {
      checkArgument(blocksPerSplit > 0, "blocksPerSplit must be positive, not %s", blocksPerSplit);
      Write self = this;
      return new PTransform<PCollection<FileIO.ReadableFile>, PCollection<SstManifest>>("WriteTables") {
        private static final long serialVersionUID = 1L;

        @Override
        public PCollection<SstManifest> expand(PCollection<FileIO.ReadableFile> input) {
          return self.expandRuns(input, runDir -> input
              .apply("CutLogRanges", ParDo.of(new SortLogRangesFn.SplitFn(blocksPerSplit)))
              .setCoder(KvCoder.of(ReadableFileCoder.of(), OffsetRange.Coder.of()))
              .apply("SpreadLogRanges", Reshuffle.viaRandomKey())
              .apply("ReadAndSortIntoRuns", ParDo.of(new SortLogRangesFn(new RunBuffer.Settings(
                  runDir, self.getDirectory(), self.getSortMemoryBytes(), SAMPLE_BYTES,
                  self.getDuplicatePolicy(), self.getJob(), self.getBalanceCheck())))));
        }
      };
    }

    @Override
    public PCollection<SstManifest> expand(PCollection<KeyValue> input) {
      return expandWith(input, (runDir, memory, policy, job) ->
          new SortIntoRunsFn.OfRecords(runDir, memory, SAMPLE_BYTES, policy, job));
    }

    /** Makes the phase-1 DoFn for the input's element type. */
    private interface RunSorter<T> {
      SortIntoRunsFn<T> create(String runDirectory, long memoryBytes, DuplicatePolicy policy, String job);
    }

    private <T> PCollection<SstManifest> expandWith(PCollection<T> input, RunSorter<T> sorter) {
      return expandRuns(input, runDir -> {
        SortIntoRunsFn<T> sort = sorter.create(runDir, getSortMemoryBytes(), getDuplicatePolicy(), getJob())
            .withOutput(getDirectory());
        if (getBalanceCheck()) {
          sort = sort.withInputTotals();
        }
        return input.apply("SortIntoRuns", ParDo.of(sort));
      });
    }

    /** Phase 1 of the write: the runs of the input, sorted into the given run directory. */
    private interface RunsOf {
      PCollection<RunInfo> sort(String runDirectory);
    }

    private PCollection<SstManifest> expandRuns(PCollection<?> input, RunsOf phaseOne) {
      checkArgument(getDirectory() != null, "SstIO.write(): call to(directory) first");
      checkArgument(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows,
          "SstIO.write() writes bounded, globally windowed collections; got %s",
          input.getWindowingStrategy().getWindowFn());
      checkOutputDirectoryIsFree(getDirectory());
      String temp = temporaryDirectory();
      ResourceId tempDir = BeamFiles.directory(temp);
      String runDir = BeamFiles.subdirectory(tempDir, "runs").toString();
      String tableDir = BeamFiles.subdirectory(tempDir, "tables").toString();

      PCollection<RunInfo> runs =
          phaseOne.sort(runDir).setCoder(SerializableCoder.of(RunInfo.class));
      PCollectionView<List<RunInfo>> runsView = runs.apply("RunsAsList", View.asList());

      PCollection<PartitionTask> tasks =
          input.getPipeline()
              .apply("StartWriting", Create.of(0))
              .apply("ClaimOutputDirectory",
                  ParDo.of(new ClaimOutputFn(getDirectory(), temp, getJob())))
              .apply("PlanKeyRanges",
                  ParDo.of(new PlanPartitionsFn(runsView, splitPoints(), getNumPartitions(),
                          getTargetPartitionBytes(), getParallelism()))
                      .withSideInputs(runsView))
              .setCoder(SerializableCoder.of(PartitionTask.class));
      PCollection<PartitionResult> results =
          tasks.apply("SpreadKeyRanges", Reshuffle.viaRandomKey())
              .apply("MergeAndWriteTables",
                  ParDo.of(new WritePartitionFn(tableDir, getSstOptions(), getDuplicatePolicy(), getJob())
                      .withClaimOn(getDirectory())))
              .setCoder(SerializableCoder.of(PartitionResult.class));
      PCollectionView<List<PartitionResult>> resultsView =
          results.apply("TablesAsList", View.asList());
      return input.getPipeline()
          .apply("StartFinalizing", Create.of(0))
          .apply("FinalizeTables",
              ParDo.of(new FinalizeTablesFn(getDirectory(), temp, getJob(), resultsView, runsView)
                      .withBalanceCheck(getBalanceCheck()))
                  .withSideInputs(resultsView, runsView))
          .setCoder(SerializableCoder.of(SstManifest.class));
    }

    private @Nullable List<byte[]> splitPoints() {
      if (getSplitPointsHex() == null) {
        return null;
      }
      List<byte[]> out = new ArrayList<>();
      for (String h : getSplitPointsHex()) {
        out.add(HEX.parseHex(h));
      }
      return out;
    }

    /**
     * Fails early, before the pipeline runs, when the output already holds tables or another
     * job's claim. (The pipeline checks again once it holds the claim.)
     */
    static void checkOutputDirectoryIsFree(String directory) {
      ResourceId dir = BeamFiles.directory(directory);
      try {
        checkArgument(!ClaimOutputFn.holdsTables(dir), ClaimOutputFn.alreadyHoldsTables(directory));
        OutputClaim holder = OutputClaim.read(dir);
        checkArgument(holder == null, "%s", holder == null ? "" : holder.describeFor(dir));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the output directory " + directory, e);
      }
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(DisplayData.item("directory", getDirectory()).withLabel("Output directory"))
          .addIfNotNull(DisplayData.item("tempDirectory", getTempDirectory()))
          .add(DisplayData.item("job", getJob()).withLabel("Job token (names the output's claim)"))
          .add(DisplayData.item("numPartitions", getNumPartitions()))
          .add(DisplayData.item("targetPartitionBytes", getTargetPartitionBytes()))
          .add(DisplayData.item("parallelism", getParallelism()))
          .add(DisplayData.item("balanceCheck", getBalanceCheck()))
          .add(DisplayData.item("sortMemoryBytes", getSortMemoryBytes()))
          .add(DisplayData.item("duplicatePolicy", getDuplicatePolicy().toString()))
          .add(DisplayData.item("sstOptions", getSstOptions().toString()));
      if (getSplitPointsHex() != null) {
        builder.add(DisplayData.item("splitPoints", String.join(",", getSplitPointsHex())));
      }
    }
  }
}
