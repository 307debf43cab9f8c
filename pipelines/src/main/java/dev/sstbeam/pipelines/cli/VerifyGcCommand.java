package dev.sstbeam.pipelines.cli;

import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.VerifyCompaction;
import dev.sstbeam.pipelines.jobs.JobOptions;
import dev.sstbeam.pipelines.jobs.PipelineFailure;
import dev.sstbeam.pipelines.jobs.ResultFile;
import dev.sstbeam.pipelines.jobs.VerifyGcJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code sst verify-gc}: checks a compaction's output against its inputs and policy
 * ({@link VerifyCompaction}, the second specification), as a Beam pipeline. Prints the
 * recomputed totals; exits 0 only when every check passes, else prints the failed checks, names
 * the first offending record and exits 1.
 */
@Command(
    name = "verify-gc",
    mixinStandardHelpOptions = true,
    description = {
      "Check a compaction's output against its inputs and policy: recompute, independently of"
          + " the compactor, the records the policy requires. Every required record must be in the"
          + " output, every output record in the inputs with the same value, and the setsums must"
          + " balance (input = output + dropped duplicates + collected), each recomputed and held"
          + " against the manifest.",
      "Exit status 0 when all holds; otherwise the failed checks are listed, the first offending"
          + " record is named, and the exit status is 1.",
      "Beam pipeline options may follow (below); without --runner the job runs here, on Beam's"
          + " direct runner."
    })
public final class VerifyGcCommand extends ToolCommand {
  @Option(names = "--output", required = true, paramLabel = "DIR|MANIFEST",
      description = "The compaction's output: its directory or MANIFEST.json.")
  String output;

  @Option(names = "--tables", paramLabel = "DIR|MANIFEST",
      description = "An input table set (repeatable; default: the parents the manifest names).")
  List<String> tables = new ArrayList<>();

  @Option(names = "--logs", paramLabel = "PATTERN",
      description = "Input logs (repeatable; default: the logs the manifest names).")
  List<String> logs = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "TEXT", converter = GcPolicyTextConverter.class,
      description = "The policy the output must have been compacted with (default: the manifest's).")
  String policy;

  @Option(names = "--now-micros", paramLabel = "N", converter = UnsignedLongConverter.class,
      description = "The compaction's time (default: the manifest's).")
  Long nowMicros;

  @Option(names = "--partitions", paramLabel = "N", description = "Number of key ranges to check in"
      + " parallel (default: one per 256 MiB of input and output, on the direct runner rounded up to"
      + " a multiple of its threads).")
  Integer partitions;

  @Option(names = "--temp-dir", paramLabel = "DIR",
      description = "Where the logs' sorted runs go (default: the system's temporary directory).")
  String tempDir;

  @Mixin BeamOptionsMixin beam;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  protected int run() throws IOException, ToolFailure {
    if (beam.printBeamHelpIfAsked(out())) {
      return OK;
    }
    PipelineOptions options = beam.options(beamArgs);
    List<String> paths = new ArrayList<>(tables);
    paths.addAll(logs);
    paths.add(output);
    if (tempDir != null) {
      paths.add(tempDir);
    }
    JobOptions.checkFileSystemsInThisJar(options, paths);
    VerifyCompaction verify = SstIO.verifyCompaction(output);
    for (String set : tables) {
      verify = verify.from(set);
    }
    for (String pattern : logs) {
      verify = verify.withLogs(pattern);
    }
    if (policy != null) {
      verify = verify.withPolicy(policy);
    }
    if (nowMicros != null) {
      verify = verify.atMicros(nowMicros);
    }
    verify = verify.withParallelism(JobOptions.knownParallelism(options));
    if (partitions != null) {
      verify = verify.withNumPartitions(partitions);
    }
    if (tempDir != null) {
      verify = verify.withTempDirectory(tempDir);
    }
    String resultFile = ResultFile.newName(options, "verify-gc");
    PipelineResult.State state;
    VerifyCompaction job = verify;
    try (CleanUpIfKilled hook =
        new CleanUpIfKilled(options, "sst-verify-gc-clean-up", job::cleanUpAfterFailure)) {
      state = VerifyGcJob.build(options, job, resultFile).run().waitUntilFinish();
    } catch (RuntimeException e) {
      ResultFile.take(resultFile);
      job.cleanUpAfterFailure();
      return fail(PipelineFailure.describe(e), e);
    }
    String verdict = ResultFile.take(resultFile);
    if (state != PipelineResult.State.DONE || verdict == null) {
      job.cleanUpAfterFailure();
      return fail("the pipeline ended " + state);
    }
    List<String> problems = new ArrayList<>();
    String first = null;
    for (String line : verdict.split("\n")) {
      if (line.startsWith("report ")) {
        println(line.substring("report ".length()));
      } else if (line.startsWith("problem ")) {
        problems.add(line.substring("problem ".length()));
      } else if (line.startsWith("first ")) {
        first = describeFirst(line.substring("first ".length()));
      }
    }
    for (String problem : problems) {
      println("FAILED " + problem);
    }
    if (problems.isEmpty()) {
      println("verdict OK");
      return OK;
    }
    println("verdict FAILED");
    return fail(first != null ? "first offending record: " + first : problems.get(0));
  }

  /** {@code KIND KEYHEX TS DETAIL} as {@code KIND "key" @ ts (detail)}, the key escaped as sst-dump does. */
  private static String describeFirst(String line) {
    String[] parts = line.split(" ", 4);
    StringBuilder sb = new StringBuilder(parts[0]).append(" \"");
    RustEscape.append(sb, HexFormat.of().parseHex(parts[1]));
    return sb.append("\" @ ").append(parts[2]).append(" (").append(parts.length > 3 ? parts[3] : "")
        .append(')').toString();
  }
}
