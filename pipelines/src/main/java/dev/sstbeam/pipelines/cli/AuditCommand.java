package dev.sstbeam.pipelines.cli;

import dev.sstbeam.beam.LogIO;
import dev.sstbeam.pipelines.jobs.AuditJob;
import dev.sstbeam.pipelines.jobs.InputLogs;
import dev.sstbeam.pipelines.jobs.JobOptions;
import dev.sstbeam.pipelines.jobs.PipelineFailure;
import dev.sstbeam.pipelines.jobs.Progress;
import dev.sstbeam.pipelines.jobs.ResultFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code sst audit}: the setsum audit of logs against tables, as a Beam pipeline ({@link AuditJob}). */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Audit with setsums that tables hold exactly the records of logs: setsum(logs) ="
          + " setsum(tables) + setsum(dropped duplicates). Each table's setsum is recomputed from"
          + " its records and compared with its footer and the manifest (--fast trusts the"
          + " footers). Only the tables directly in DIR count (*.sst), not the temporary files of"
          + " a convert. With only --logs, prints the logs' setsum; with only --tables, checks the"
          + " tables. Exit status 0 when everything balances, 1 otherwise.",
      "Give --logs, --tables or both. Beam pipeline options may follow (below)."
    })
public final class AuditCommand extends ToolCommand {
  @Option(names = "--logs", paramLabel = "PATTERN", description = "Logs (a file pattern; repeatable).")
  List<String> logs = new ArrayList<>();

  @Option(names = "--tables", paramLabel = "DIR", description = "A directory written by sst convert.")
  String tables;

  @Option(names = "--fast", description = "Trust each table's footer setsum instead of recomputing it.")
  boolean fast;

  @Mixin BeamOptionsMixin beam;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  protected int run() throws IOException, ToolFailure {
    if (beam.printBeamHelpIfAsked(out())) {
      return OK;
    }
    if (logs.isEmpty() && tables == null) {
      return fail("give --logs PATTERN, --tables DIR, or both");
    }
    PipelineOptions options = beam.options(beamArgs);
    List<String> paths = new ArrayList<>(logs);
    if (tables != null) {
      paths.add(tables);
    }
    JobOptions.checkFileSystemsInThisJar(options, paths);
    InputLogs in = logs.isEmpty() ? null : InputLogs.match(logs, options);
    String resultFile = ResultFile.newName(options, "audit");
    PipelineResult.State state;
    try {
      PipelineResult result =
          AuditJob.build(options, logs, tables, fast, in == null ? 0 : in.files(), resultFile).run();
      long total = in == null ? 0 : in.bytes();
      state = new Progress(err(), Progress.stderrIsTerminal(), LogIO.class, total).await(result);
    } catch (RuntimeException e) {
      ResultFile.take(resultFile);
      return fail(PipelineFailure.describe(e), e);
    }
    String report = ResultFile.take(resultFile);
    if (state != PipelineResult.State.DONE || report == null) {
      return fail("the pipeline ended " + state);
    }
    out().print(report);
    out().flush();
    return report.contains("balance MISMATCH") ? FAILED : OK;
  }
}
