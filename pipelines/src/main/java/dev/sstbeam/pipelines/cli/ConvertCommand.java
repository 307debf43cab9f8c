package dev.sstbeam.pipelines.cli;

import dev.sstbeam.beam.LogIO;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.pipelines.jobs.ConvertJob;
import dev.sstbeam.pipelines.jobs.InputLogs;
import dev.sstbeam.pipelines.jobs.JobOptions;
import dev.sstbeam.pipelines.jobs.PipelineFailure;
import dev.sstbeam.pipelines.jobs.Progress;
import dev.sstbeam.pipelines.jobs.ResultFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * {@code sst convert}: logs → sorted, non-overlapping tables with MANIFEST.json, as a Beam
 * pipeline ({@link ConvertJob}); exits 0 only when the setsum of the logs equals the tables' plus
 * the dropped duplicates'.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Convert logs into globally sorted, non-overlapping tables (DIR/part-PPPPP-SSSSS.sst) and a"
          + " DIR/MANIFEST.json, as a Beam pipeline, and check that setsum(logs) = setsum(tables) +"
          + " setsum(dropped duplicates). Exit status 0 only when it balances.",
      "A failed run removes what it wrote, so the same command can run again.",
      "Beam pipeline options may follow (below); without --runner the job runs here, on Beam's"
          + " direct runner."
    })
public final class ConvertCommand extends ToolCommand {
  @Option(names = "--input", required = true, paramLabel = "PATTERN",
      description = "Logs to convert (a file pattern; repeatable).")
  List<String> inputs;

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

  @Option(names = "--split-points", split = ",", paramLabel = "HEXKEY",
      description = "Explicit split keys in hex, strictly increasing (overrides sampling).")
  List<String> splitPoints;

  @Option(names = "--duplicates", paramLabel = "POLICY", defaultValue = "drop-exact",
      converter = DuplicatePolicyConverter.class,
      description = "drop-exact (default; conflicting duplicates fail), keep-first, or fail.")
  DuplicatePolicy duplicates;

  @Option(names = "--memory", paramLabel = "BYTES", defaultValue = "67108864",
      description = "Sort memory per worker thread before spilling (default: ${DEFAULT-VALUE}).")
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
    PipelineOptions options = beam.options(beamArgs);
    List<String> paths = new ArrayList<>(inputs);
    paths.add(output);
    if (tempDir != null) {
      paths.add(tempDir);
    }
    JobOptions.checkFileSystemsInThisJar(options, paths);
    InputLogs in = InputLogs.match(inputs, options);
    SstOptions tableOptions = sstOptions.toOptions();
    SstIO.Write write = SstIO.write().to(output)
        .withSortMemoryBytes(memory)
        .withDuplicatePolicy(duplicates)
        .withTargetPartitionBytes(partitionBytes)
        .withParallelism(JobOptions.knownParallelism(options))
        .withSstOptions(tableOptions);
    if (partitions != null) {
      write = write.withNumPartitions(partitions);
    }
    if (splitPoints != null) {
      List<byte[]> keys = new ArrayList<>();
      for (String h : splitPoints) {
        keys.add(HexFormat.of().parseHex(h));
      }
      write = write.withSplitPoints(keys);
    }
    if (tempDir != null) {
      write = write.withTempDirectory(tempDir);
    }
    String resultFile = ResultFile.newName(options, "convert");
    long start = System.nanoTime();
    PipelineResult.State state;
    try (CleanUpIfKilled hook =
        new CleanUpIfKilled(options, "sst-convert-clean-up", write::cleanUpAfterFailure)) {
      PipelineResult result = ConvertJob.build(options, inputs, blocksPerSplit, write, resultFile).run();
      state = new Progress(err(), Progress.stderrIsTerminal(), LogIO.class, in.bytes()).await(result);
    } catch (RuntimeException e) {
      ResultFile.take(resultFile);
      write.cleanUpAfterFailure();
      return fail(PipelineFailure.describe(e), e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String verdictText = ResultFile.take(resultFile);
    if (state != PipelineResult.State.DONE || verdictText == null) {
      write.cleanUpAfterFailure();
      return fail("the pipeline ended " + state);
    }
    ConvertJob.Verdict verdict = ConvertJob.Verdict.parse(verdictText);
    SstManifest m = SstManifest.readFromDirectory(output);
    printSummary(in, m, verdict, seconds, JobOptions.runnerName(options));
    return verdict.balanced ? OK : fail("balance MISMATCH: setsum(logs) " + verdict.inputSetsum
        + " != setsum(tables) + setsum(dropped)");
  }

  private void printSummary(InputLogs in, SstManifest m, ConvertJob.Verdict v, double seconds,
      String runner) {
    long tableBytes = 0;
    TreeSet<String> ranges = new TreeSet<>();
    for (SstManifest.Table t : m.tables) {
      tableBytes += t.bytes;
      ranges.add(t.file.substring(0, "part-00000".length()));
    }
    println(String.format(Locale.ROOT, "converted %,d records from %d log%s (%.1f MB) into %d table%s"
            + " (%.1f MB) in %d key range%s, %,d duplicate%s dropped",
        v.inputRecords, in.files(), in.files() == 1 ? "" : "s", in.bytes() / 1e6,
        m.tables.size(), m.tables.size() == 1 ? "" : "s", tableBytes / 1e6,
        ranges.size(), ranges.size() == 1 ? "" : "s",
        m.dropped.records, m.dropped.records == 1 ? "" : "s"));
    println("logs    " + v.inputSetsum + " " + v.inputRecords + " records");
    println("tables  " + m.setsum + " " + m.records + " records");
    println("dropped " + m.dropped.setsum + " " + m.dropped.records + " records");
    println(v.balanced ? "balance OK" : "balance MISMATCH");
    println(String.format(Locale.ROOT, "time %.1f s, %.1f MB/s of log, runner %s", seconds,
        in.bytes() / 1e6 / Math.max(seconds, 1e-3), runner));
    println("tables in " + output + " (see " + SstManifest.FILE_NAME + ")");
  }
}
