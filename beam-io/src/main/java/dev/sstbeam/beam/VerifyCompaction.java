package dev.sstbeam.beam;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.gc.GcPolicyParseException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.sort.DuplicatePolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
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
 * {@link SstIO#verifyCompaction}: the second specification of a compaction. It reads the inputs
 * (table sets and logs), the output (its manifest and tables) and the policy, and recomputes what
 * the policy requires with its own rules ({@link RequiredVersions}), sharing with the compactor
 * only the parsing of the policy and the plumbing that reads sorted inputs by key range. It
 * checks, in parallel by key range ({@link VerifyRangeFn}):
 *
 * <ol>
 *   <li>every required record is in the output, and the output holds nothing else;
 *   <li>every output record is in the inputs, with the same value;
 *   <li>the setsums balance: input = output + dropped duplicates + collected, with each term
 *       recomputed from the records and held against the manifest's accounting, and the inputs
 *       held against the parents and logs the manifest names.
 * </ol>
 *
 * and that the policy and now given (if any) are the manifest's. The result is one
 * {@link CompactionVerdict}.
 *
 * <pre>{@code
 * PCollection<CompactionVerdict> verdict =
 *     p.apply(SstIO.verifyCompaction("/data/gen2").withPolicy("versions = 3"));
 * }</pre>
 *
 * Without {@link #from}/{@link #withLogs} the inputs are the parents and logs the manifest names.
 * The logs are sorted into runs in a temporary directory (default: one under {@code
 * java.io.tmpdir}, which on a cluster every worker must reach; see {@link #withTempDirectory}).
 */
@AutoValue
public abstract class VerifyCompaction extends PTransform<PBegin, PCollection<CompactionVerdict>> {
  private static final long serialVersionUID = 1L;
  private static final String WHO = "SstIO.verifyCompaction()";

  abstract String getOutput();

  abstract List<String> getTableSets();

  abstract List<String> getLogPatterns();

  abstract @Nullable String getPolicyText();

  abstract @Nullable Long getNowMicros();

  abstract int getNumPartitions();

  abstract long getTargetPartitionBytes();

  abstract int getParallelism();

  abstract long getSortMemoryBytes();

  abstract @Nullable String getTempDirectory();

  abstract long getLogBlocksPerSplit();

  /** A token unique to each verification: names its temporary directory. */
  abstract String getJob();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setOutput(String output);

    abstract Builder setTableSets(List<String> sets);

    abstract Builder setLogPatterns(List<String> patterns);

    abstract Builder setPolicyText(String text);

    abstract Builder setNowMicros(Long now);

    abstract Builder setNumPartitions(int n);

    abstract Builder setTargetPartitionBytes(long bytes);

    abstract Builder setParallelism(int workers);

    abstract Builder setSortMemoryBytes(long bytes);

    abstract Builder setTempDirectory(String dir);

    abstract Builder setLogBlocksPerSplit(long blocks);

    abstract Builder setJob(String job);

    abstract VerifyCompaction build();
  }

  static VerifyCompaction of(String output) {
    checkArgument(output != null && !output.isEmpty(), "verifyCompaction(): the output is empty");
    return new AutoValue_VerifyCompaction.Builder()
        .setOutput(output)
        .setTableSets(List.of())
        .setLogPatterns(List.of())
        .setNumPartitions(0)
        .setTargetPartitionBytes(256L << 20)
        .setParallelism(1)
        .setSortMemoryBytes(64L << 20)
        .setLogBlocksPerSplit(LogIO.DEFAULT_BLOCKS_PER_SPLIT)
        .setJob(UUID.randomUUID().toString())
        .build();
  }

  /** An input table set (directory or manifest path); default: the manifest's parents. */
  public VerifyCompaction from(String tableSet) {
    checkArgument(tableSet != null && !tableSet.isEmpty(), "from(): the table set is empty");
    List<String> sets = new ArrayList<>(getTableSets());
    sets.add(tableSet);
    return toBuilder().setTableSets(List.copyOf(sets)).build();
  }

  /** Input logs (a file pattern); default: the logs the manifest names. */
  public VerifyCompaction withLogs(String pattern) {
    checkArgument(pattern != null && !pattern.isEmpty(), "withLogs(): the pattern is empty");
    List<String> patterns = new ArrayList<>(getLogPatterns());
    patterns.add(pattern);
    return toBuilder().setLogPatterns(List.copyOf(patterns)).build();
  }

  /**
   * The policy the output must have been compacted with (checked against the manifest's, and used
   * to recompute what is required); default: the manifest's.
   */
  public VerifyCompaction withPolicy(String text) {
    checkArgument(text != null, "withPolicy(): null");
    GcPolicy.parse(text);
    return toBuilder().setPolicyText(text).build();
  }

  /** The compaction's now (checked against the manifest's, and used); default: the manifest's. */
  public VerifyCompaction atMicros(long nowMicros) {
    return toBuilder().setNowMicros(nowMicros).build();
  }

  /** The number of key ranges checked in parallel (default: one per 256 MiB of input and output). */
  public VerifyCompaction withNumPartitions(int n) {
    checkArgument(n >= 1, "withNumPartitions(%s): must be at least 1", n);
    return toBuilder().setNumPartitions(n).build();
  }

  /**
   * How many key ranges the runner checks at once (default 1): a number of ranges taken from the
   * bytes is rounded up to a multiple of it, as {@link SstIO.Write#withParallelism} does.
   */
  public VerifyCompaction withParallelism(int workers) {
    checkArgument(workers >= 1, "withParallelism(%s): must be at least 1", workers);
    return toBuilder().setParallelism(workers).build();
  }

  /** Memory for sorting the logs per worker thread. Default 64 MiB. */
  public VerifyCompaction withSortMemoryBytes(long bytes) {
    checkArgument(bytes >= (1 << 20), "withSortMemoryBytes(%s): must be at least 1 MiB", bytes);
    return toBuilder().setSortMemoryBytes(bytes).build();
  }

  /** Where the logs' sorted runs go (deleted at the end). */
  public VerifyCompaction withTempDirectory(String directory) {
    return toBuilder().setTempDirectory(directory).build();
  }

  /** 1 MiB log blocks per initial read split. */
  public VerifyCompaction withLogBlocksPerSplit(long blocks) {
    checkArgument(blocks >= 1, "withLogBlocksPerSplit(%s): must be at least 1", blocks);
    return toBuilder().setLogBlocksPerSplit(blocks).build();
  }

  /**
   * Where the logs' sorted runs go: the directory given, or {@code sst-verify-JOB/} in the
   * system's temporary directory. The verdict step deletes it; after a failure, call
   * {@link #cleanUpAfterFailure()}.
   */
  public String temporaryDirectory() {
    return getTempDirectory() != null
        ? getTempDirectory()
        : BeamFiles.subdirectory(BeamFiles.directory(System.getProperty("java.io.tmpdir")),
            "sst-verify-" + getJob()).toString();
  }

  /** Deletes the runs a failed verification left in its temporary directory. */
  public void cleanUpAfterFailure() {
    InFlightWrites.abandon(getJob(), SstIO.CLEAN_UP_WAIT_MILLIS);
    FinalizeTablesFn.deleteTemporaryFiles(BeamFiles.directory(temporaryDirectory()));
  }

  @Override
  public PCollection<CompactionVerdict> expand(PBegin input) {
    FileSystems.setDefaultPipelineOptions(input.getPipeline().getOptions());
    TableSet output = TableSet.read(getOutput(), WHO);
    SstManifest m = output.manifest;
    checkArgument(m.compaction != null, "%s: %s is not the output of a compaction (its manifest"
        + " has no \"compaction\")", WHO, output.manifestFile);
    List<String> problems = new ArrayList<>();

    GcPolicy stated;
    try {
      stated = GcPolicy.parse(m.compaction.policy);
    } catch (GcPolicyParseException e) {
      throw new IllegalArgumentException(WHO + ": the manifest's policy does not parse: " + e.getMessage(), e);
    }
    if (!stated.toString().equals(m.compaction.policyDisplay)) {
      problems.add("policy: the manifest states \"" + m.compaction.policy + "\", which reads as \""
          + stated + "\", but gives its canonical form as \"" + m.compaction.policyDisplay + "\"");
    }
    GcPolicy policy = stated;
    if (getPolicyText() != null) {
      policy = GcPolicy.parse(getPolicyText());
      if (!policy.equals(stated)) {
        problems.add("policy: given \"" + policy + "\", the manifest states \"" + stated + "\"");
      }
    }
    long stateNow;
    try {
      stateNow = Long.parseUnsignedLong(m.compaction.nowMicros);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(WHO + ": the manifest's now_micros is not a number: "
          + m.compaction.nowMicros, e);
    }
    long now = stateNow;
    if (getNowMicros() != null && getNowMicros() != stateNow) {
      now = getNowMicros();
      problems.add("now: given " + Long.toUnsignedString(now) + ", the manifest states "
          + m.compaction.nowMicros);
    }
    DuplicatePolicy duplicates = "fail".equals(m.compaction.duplicates)
        ? DuplicatePolicy.FAIL
        : DuplicatePolicy.DROP_EXACT;

    boolean explicit = !getTableSets().isEmpty() || !getLogPatterns().isEmpty();
    List<TableSet> sets = new ArrayList<>();
    for (String location : explicit ? getTableSets() : parentLocations(output)) {
      sets.add(TableSet.read(location, WHO));
    }
    List<String> logs = explicit
        ? CompactTables.matchLogs(getLogPatterns(), WHO)
        : m.compaction.logs.stream().map(l -> l.file).toList();
    checkParents(sets, m, problems);
    checkOutputTables(m, problems);

    Set<String> outputFiles = new HashSet<>();
    for (InputTable t : output.tables) {
      outputFiles.add(t.file);
    }
    List<InputTable> tables = new ArrayList<>(output.tables);
    for (TableSet set : sets) {
      for (InputTable t : set.tables) {
        checkArgument(!outputFiles.contains(t.file), "%s: the output table %s is also an input",
            WHO, t.file);
        tables.add(t);
      }
    }

    String temp = temporaryDirectory();
    String runDir = BeamFiles.subdirectory(BeamFiles.directory(temp), "runs").toString();

    List<PCollection<RunInfo>> runLists = new ArrayList<>();
    runLists.add(input
        .apply("Tables", Create.of(tables).withCoder(SerializableCoder.of(InputTable.class)))
        .apply("SpreadTables", Reshuffle.viaRandomKey())
        .apply("SampleTables", ParDo.of(new SampleTablesFn(SstIO.SAMPLE_BYTES)))
        .setCoder(SerializableCoder.of(RunInfo.class)));
    PCollectionView<List<KV<String, RecordTotals>>> logTotals = null;
    if (!logs.isEmpty()) {
      PCollection<KV<String, List<KeyValue>>> blocks =
          input.apply("InputLogs", Create.of(logs).withCoder(StringUtf8Coder.of()))
              .apply("MatchLogs", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
              .apply("OpenLogs", FileIO.readMatches())
              .apply("ReadLogs", LogIO.readFiles().withBlocksPerSplit(getLogBlocksPerSplit()).inBlocksByFile());
      runLists.add(blocks
          .apply("LogBlocks", Values.create())
          .apply("SortLogsIntoRuns", ParDo.of(new SortIntoRunsFn.OfBatches(runDir,
              getSortMemoryBytes(), SstIO.SAMPLE_BYTES, duplicates, getJob())))
          .setCoder(SerializableCoder.of(RunInfo.class)));
      logTotals = blocks
          .apply("LogTotals", Combine.perKey(RecordTotals.ofBatches()))
          .apply("LogTotalsAsList", View.asList());
    }
    PCollectionView<List<RunInfo>> runsView =
        PCollectionList.of(runLists).apply("AllRuns", Flatten.pCollections())
            .apply("RunsAsList", View.asList());
    PCollectionView<List<RangeCheck>> checks =
        input.apply("StartPlanning", Create.of(0))
            .apply("PlanKeyRanges",
                ParDo.of(new PlanPartitionsFn(runsView, null, getNumPartitions(),
                        getTargetPartitionBytes(), getParallelism()))
                    .withSideInputs(runsView))
            .setCoder(SerializableCoder.of(PartitionTask.class))
            .apply("SpreadKeyRanges", Reshuffle.viaRandomKey())
            .apply("CheckKeyRanges", ParDo.of(new VerifyRangeFn(outputFiles, policy, now, duplicates)))
            .setCoder(SerializableCoder.of(RangeCheck.class))
            .apply("ChecksAsList", View.asList());

    Setsum declared = new Setsum();
    long declaredRecords = 0;
    for (TableSet set : sets) {
      declared.add(set.manifest.totalSetsum());
      declaredRecords += set.manifest.records;
    }
    VerdictFn verdict = new VerdictFn(m, policy, now, sets.size(), logs,
        new RecordTotals(declaredRecords, declared), problems, logs.isEmpty() ? null : temp,
        checks, runsView, logTotals);
    List<PCollectionView<?>> sides = new ArrayList<>(List.of(checks, runsView));
    if (logTotals != null) {
      sides.add(logTotals);
    }
    return input.apply("StartVerdict", Create.of(0))
        .apply("Verdict", ParDo.of(verdict).withSideInputs(sides))
        .setCoder(SerializableCoder.of(CompactionVerdict.class));
  }

  /** The parents' manifests as the output's manifest names them. */
  private static List<String> parentLocations(TableSet output) {
    List<String> out = new ArrayList<>();
    for (SstManifest.Parent p : output.manifest.compaction.parents) {
      out.add(p.manifest);
    }
    return out;
  }

  /** The table sets read must be the parents the manifest names: same counts and setsums. */
  private static void checkParents(List<TableSet> sets, SstManifest m, List<String> problems) {
    List<String> given = new ArrayList<>();
    for (TableSet set : sets) {
      given.add(set.manifest.records + " " + set.manifest.setsum);
    }
    List<String> stated = new ArrayList<>();
    for (SstManifest.Parent p : m.compaction.parents) {
      stated.add(p.records + " " + p.setsum);
    }
    given.sort(null);
    stated.sort(null);
    if (!given.equals(stated)) {
      problems.add("inputs: the table sets read hold " + given + " (records setsum), the manifest's"
          + " parents " + stated);
    }
  }

  /** The output's manifest lists tables in ascending, disjoint key ranges adding up to its totals. */
  private static void checkOutputTables(SstManifest m, List<String> problems) {
    Setsum total = new Setsum();
    long records = 0;
    byte[] previousLast = null;
    for (SstManifest.Table t : m.tables) {
      byte[] first = HexFormat.of().parseHex(t.firstKey);
      if (previousLast != null && Arrays.compareUnsigned(previousLast, first) >= 0) {
        problems.add("output: table " + t.file + " overlaps the table before it");
      }
      previousLast = HexFormat.of().parseHex(t.lastKey);
      total.add(Setsum.fromHexDigest(t.setsum));
      records += t.records;
    }
    if (!total.hexDigest().equals(m.setsum) || records != m.records) {
      problems.add("output: the manifest's tables add up to " + total.hexDigest() + " " + records
          + " records, its total says " + m.setsum + " " + m.records);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("output", getOutput()).withLabel("Compaction output"))
        .add(DisplayData.item("tableSets", String.join(",", getTableSets())))
        .add(DisplayData.item("logs", String.join(",", getLogPatterns())))
        .addIfNotNull(DisplayData.item("policy", getPolicyText()))
        .addIfNotNull(DisplayData.item("nowMicros",
            getNowMicros() == null ? null : Long.toUnsignedString(getNowMicros())))
        .add(DisplayData.item("numPartitions", getNumPartitions()))
        .add(DisplayData.item("parallelism", getParallelism()));
  }
}
