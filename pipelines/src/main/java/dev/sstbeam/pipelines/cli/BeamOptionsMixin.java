package dev.sstbeam.pipelines.cli;

import dev.sstbeam.pipelines.jobs.JobOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Beam pipeline options of a job command: the arguments the command does not know (its
 * {@code @Unmatched} list: {@code --runner=FlinkRunner}, {@code --targetParallelism=4}, …) become
 * pipeline options, the usage help lists the common ones, and {@code --beam-help} prints Beam's
 * own help for all of them.
 */
@Command(
    footerHeading = "%nBeam pipeline options, after the command's own (every option the%n"
        + "command does not know is passed on to Beam):%n",
    footer = {
      "  --runner=RUNNER          DirectRunner (the default, in this process),",
      "                           FlinkRunner, SparkRunner or DataflowRunner. sst.jar",
      "                           holds only the direct runner; the jar of another",
      "                           is built by (-Pspark, -Pdataflow for the others)",
      "                             mvn -B -Pflink -DskipTests package \\",
      "                               -pl format,beam-io,pipelines -am",
      "                           and run by java -jar pipelines/target/sst-flink.jar",
      "  --targetParallelism=N    direct runner: worker threads (default: the",
      "                           processors, at least 2)",
      "  --parallelism=N          Flink: parallel tasks",
      "  --flinkMaster=HOST:PORT  Flink: the JobManager; [local] for an embedded one",
      "  --sparkMaster=URL        Spark: the master, e.g. local[2]",
      "  --tempLocation=PATH      Beam's temporary files (on Dataflow a gs:// path)",
      "All of Beam's options: --beam-help lists Beam's options interfaces,",
      "--beam-help=NAME prints one (e.g. DirectOptions, FlinkPipelineOptions).",
      "See README.md, \"Running on Flink, Spark or Dataflow\"."
    })
final class BeamOptionsMixin {
  @Option(names = "--beam-help", arity = "0..1", paramLabel = "NAME", fallbackValue = "", help = true,
      description = "Print Beam's help on its pipeline options (all options interfaces, or the one"
          + " named, e.g. DirectOptions) and exit.")
  String beamHelp;

  /** Prints Beam's help when asked; returns whether it was. */
  boolean printBeamHelpIfAsked(PrintWriter out) {
    if (beamHelp == null) {
      return false;
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (PrintStream stream = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      JobOptions.printBeamHelp(stream, beamHelp);
    }
    // Beam's text names its own flag, --help=NAME, which is ours, --beam-help=NAME.
    out.print(text.toString(StandardCharsets.UTF_8).replace("--help=", "--beam-help="));
    return true;
  }

  /** The pipeline options from the arguments the command did not know. */
  PipelineOptions options(List<String> beamArgs) {
    return JobOptions.from(beamArgs);
  }
}
