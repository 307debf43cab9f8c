package dev.sstbeam.pipelines.cli;

import dev.sstbeam.beam.CompactTables;
import dev.sstbeam.beam.LogIO;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.pipelines.jobs.CompactJob;
import dev.sstbeam.pipelines.jobs.InputLogs;
import dev.sstbeam.pipelines.jobs.JobOptions;
import dev.sstbeam.pipelines.jobs.PipelineFailure;
import dev.sstbeam.pipelines.jobs.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code sst compact}: table sets and newer logs → a new generation of sorted, non-overlapping
 * tables, keeping per key what a garbage-collection policy keeps over all its versions
 * ({@link CompactTables}), as a Beam pipeline. The output's MANIFEST.json (version 2) records the
 * generation, parents, logs, policy, now and the accounting; the job publishes nothing unless
 * input = output + dropped + collected.
 */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = {
      "Compact table sets (directories written by convert or compact) and newer logs into a new"
          + " generation of sorted, non-overlapping tables (DIR/part-PPPPP-SSSSS.sst and a version-2"
          + " DIR/MANIFEST.json), keeping per key what a garbage-collection policy of the crate keeps"
          + " over all the key's versions (see gc-policy), as a Beam pipeline.",
      "Publishes only when input = output + dropped duplicates + collected (setsums and counts)."
          + " A failed run removes what it wrote, so the same command can run again.",
      "Beam pipeline options may follow (below); without --runner the job runs here, on Beam's"
          + " direct runner."
    })
public final class CompactCommand extends ToolCommand {
  @Option(names = "--tables", paramLabel = "DIR|MANIFEST",
      description = "An input table set: its directory or MANIFEST.json (repeatable).")
  List<String> tables = new ArrayList<>();

  @Option(names = "--logs", paramLabel = "PATTERN",
      description = "Newer logs to merge in (a file pattern; repeatable).")
  List<String> logs = new ArrayList<>();

  @Option(names = "--policy", required = true, paramLabel = "TEXT",
      converter = GcPolicyTextConverter.class,
      description = "The policy: versions = N, ttl_micros = N, any(P, ...), all(P, ...).")
  String policy;

  @Option(names = "--now-micros", required = true, paramLabel = "N",
      converter = UnsignedLongConverter.class,
      description = "The compaction's time in microseconds (0 to 2^64 - 1); ttl_micros counts"
          + " back from it.")
  Long nowMicros;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output directory; must not hold tables or a manifest yet. The job claims it"
          + " while it runs (DIR/.sst-beam-claim), so another job writing there fails.")
  String output;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Number of key ranges (default: one per --partition-bytes of input, on the"
          + " direct runner rounded up to a multiple of its threads).")
  Integer partitions;

  @Option(names = "--partition-bytes", paramLabel = "BYTES", defaultValue = "268435456",
      description = "Input bytes per key range when --partitions is not given (default: ${DEFAULT-VALUE}).")
  long partitionBytes;

  @Option(names = "--duplicates", paramLabel = "POLICY", defaultValue = "drop-exact",
      converter = DuplicatePolicyConverter.class,
      description = "drop-exact (default; conflicting duplicates fail) or fail.")
  DuplicatePolicy duplicates;

  @Option(names = "--memory", paramLabel = "BYTES", defaultValue = "67108864",
      description = "Sort memory for the logs per worker thread (default: ${DEFAULT-VALUE}).")
  long memory;

  @Option(names = "--temp-dir", paramLabel = "DIR",
      description = "Temporary directory reachable by all workers (default: inside --output).")
  String tempDir;

  @Option(names = "--blocks-per-split", paramLabel = "N", defaultValue = "64",
      description = "1 MiB log blocks per initial read split (default: ${DEFAULT-VALUE}).")
  long blocksPerSplit;

  @Mixin SstOptionsMixin sstOptions;

  @Mixin BeamOptionsMixin beam;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  protected int run() throws IOException, ToolFailure {
    if (beam.printBeamHelpIfAsked(out())) {
      return OK;
    }
    if (tables.isEmpty() && logs.isEmpty()) {
      return fail("give at least one --tables DIR or --logs PATTERN");
    }
    if (duplicates == DuplicatePolicy.KEEP_FIRST) {
      return fail("--duplicates keep-first is not for compactions (which copy is first depends on"
          + " the runner, so verify-gc could not check it); use drop-exact or fail");
    }
    PipelineOptions options = beam.options(beamArgs);
    List<String> paths = new ArrayList<>(tables);
    paths.addAll(logs);
    paths.add(output);
    if (tempDir != null) {
      paths.add(tempDir);
    }
    JobOptions.checkFileSystemsInThisJar(options, paths);
    long logBytes = logs.isEmpty() ? 0 : InputLogs.match(logs, options).bytes();
    CompactTables compaction = SstIO.compact().withPolicy(policy).atMicros(nowMicros).to(output)
        .withDuplicatePolicy(duplicates)
        .withSortMemoryBytes(memory)
        .withTargetPartitionBytes(partitionBytes)
        .withParallelism(JobOptions.knownParallelism(options))
        .withLogBlocksPerSplit(blocksPerSplit)
        .withSstOptions(sstOptions.toOptions());
    for (String set : tables) {
      compaction = compaction.from(set);
    }
    for (String pattern : logs) {
      compaction = compaction.withLogs(pattern);
    }
    if (partitions != null) {
      compaction = compaction.withNumPartitions(partitions);
    }
    if (tempDir != null) {
      compaction = compaction.withTempDirectory(tempDir);
    }
    long start = System.nanoTime();
    PipelineResult.State state;
    CompactTables job = compaction;
    try (CleanUpIfKilled hook =
        new CleanUpIfKilled(options, "sst-compact-clean-up", job::cleanUpAfterFailure)) {
      PipelineResult result = CompactJob.build(options, job).run();
      state = new Progress(err(), Progress.stderrIsTerminal(), LogIO.class, logBytes).await(result);
    } catch (RuntimeException e) {
      job.cleanUpAfterFailure();
      return fail(PipelineFailure.describe(e), e);
    }
    if (state != PipelineResult.State.DONE) {
      job.cleanUpAfterFailure();
      return fail("the pipeline ended " + state);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    SstManifest m = SstManifest.readFromDirectory(output);
    printSummary(m, seconds, JobOptions.runnerName(options));
    String imbalance = m.compactionImbalance();
    return imbalance == null ? OK : fail("balance MISMATCH: " + imbalance);
  }

  private void printSummary(SstManifest m, double seconds, String runner) {
    SstManifest.Compaction c = m.compaction;
    long tableBytes = 0;
    TreeSet<String> ranges = new TreeSet<>();
    for (SstManifest.Table t : m.tables) {
      tableBytes += t.bytes;
      ranges.add(t.file.substring(0, "part-00000".length()));
    }
    println(String.format(Locale.ROOT, "compacted %,d records of %d table set%s and %d log%s into %d"
            + " table%s (%.1f MB) in %d key range%s, generation %d",
        c.input.records, c.parents.size(), c.parents.size() == 1 ? "" : "s", c.logs.size(),
        c.logs.size() == 1 ? "" : "s", m.tables.size(), m.tables.size() == 1 ? "" : "s",
        tableBytes / 1e6, ranges.size(), ranges.size() == 1 ? "" : "s", m.generation));
    println("policy    " + c.policyDisplay + " at now " + c.nowMicros);
    println("input     " + c.input.setsum + " " + c.input.records + " records");
    println("output    " + m.setsum + " " + m.records + " records");
    println("dropped   " + m.dropped.setsum + " " + m.dropped.records + " records");
    println("collected " + c.collected.setsum + " " + c.collected.records + " records");
    println(m.compactionImbalance() == null ? "balance OK" : "balance MISMATCH");
    println(String.format(Locale.ROOT, "time %.1f s, runner %s", seconds, runner));
    println("tables in " + output + " (see " + SstManifest.FILE_NAME + ")");
  }
}
