package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.pipelines.SstCommand;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every subcommand answers --help and help COMMAND with its usage; the jobs list Beam's options. */
class HelpTest {
  /** Every registered subcommand, so that a new one is covered without editing this test. */
  static Stream<String> commands() {
    return SstCommand.newCommandLine(new SstCommand()).getSubcommands().keySet().stream();
  }

  private static boolean isJob(String command) {
    CommandSpec spec = SstCommand.newCommandLine(new SstCommand()).getSubcommands().get(command).getCommandSpec();
    return spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof BeamOptionsMixin);
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandAnswersHelpAndHelpCommandWithItsUsage(String command) {
    Cli.Result option = Cli.run(command, "--help").ok();
    // The usage, after the command's header if it has one (picocli's help command does).
    assertTrue(option.out.lines().anyMatch(l -> l.startsWith("Usage: sst " + command + " ")), option.out);
    Cli.Result help = Cli.run("help", command).ok();
    assertEquals(option.out, help.out);
  }

  /**
   * A command line for one subcommand alone (what {@code main} builds for it) answers as the one
   * with all of them: its usage, a usage error, its version.
   */
  @ParameterizedTest
  @MethodSource("commands")
  void aCommandAloneAnswersAsAmongAllCommands(String command) {
    for (String[] args : new String[][] {
        {command, "--help"}, {command, "--no-such-option"}, {command, "-V"}}) {
      Cli.Result alone = Cli.run(args);
      Cli.Result amongAll = Cli.runWithAllSubcommands(args);
      String what = String.join(" ", args);
      assertEquals(amongAll.out, alone.out, what);
      assertEquals(amongAll.err, alone.err, what);
      assertEquals(amongAll.status, alone.status, what);
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void jobsDescribeTheBeamOptionsTheyPassOn(String command) {
    String usage = Cli.run(command, "--help").ok().out;
    if (isJob(command)) {
      for (String option : new String[] {"--runner=RUNNER", "--targetParallelism=N",
          "--parallelism=N", "--beam-help", "-Pflink", "pipelines/target/sst-flink.jar"}) {
        assertTrue(usage.contains(option), command + " --help should mention " + option + ":\n" + usage);
      }
    } else {
      assertFalse(usage.contains("--runner"), command + " takes no Beam options:\n" + usage);
    }
  }

  @Test
  void convertAndAuditAreJobs() {
    assertTrue(isJob("convert"));
    assertTrue(isJob("audit"));
  }

  @Test
  void beamHelpPrintsBeamsOwnHelpOnItsOptions() {
    String all = Cli.run("audit", "--beam-help").ok().out;
    assertTrue(all.contains("org.apache.beam.runners.direct.DirectOptions"), all);
    assertTrue(all.contains("--beam-help=") && !all.contains(" --help="), all);
    String direct = Cli.run("convert", "--beam-help=DirectOptions").ok().out;
    assertTrue(direct.contains("--targetParallelism"), direct);
    Cli.run("convert", "--beam-help=NoSuchOptions").failsWith("convert", "DirectOptions");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Flink", "Spark", "Dataflow"})
  void aRunnerMissingFromTheJarSaysHowToBuildItsJar(String name) {
    String className = "org.apache.beam.runners." + name.toLowerCase() + "." + name + "Runner";
    boolean present;
    try {
      Class.forName(className);
      present = true;
    } catch (ClassNotFoundException e) {
      present = false;
    }
    Assumptions.assumeFalse(present, name + "Runner is on this class path (a runner profile build)");
    String profile = name.toLowerCase();
    Cli.run("convert", "--input", "x.log", "--output", "out", "--runner=" + name + "Runner")
        .failsWith("convert", "mvn -B -P" + profile + " -DskipTests package")
        .failsWith("convert", "java -jar pipelines/target/sst-" + profile + ".jar");
    Cli.run("audit", "--logs", "x.log", "--runner=" + name + "Runner")
        .failsWith("audit", "pipelines/target/sst-" + profile + ".jar");
  }

  @Test
  void anS3PathWithoutS3InTheJarSaysHowToBuildTheJarThatHasIt() {
    boolean present;
    try {
      Class.forName("org.apache.beam.sdk.io.aws2.s3.S3FileSystem");
      present = true;
    } catch (ClassNotFoundException e) {
      present = false;
    }
    Assumptions.assumeFalse(present, "Beam's S3 filesystem is on this class path (an -Ps3 build)");
    Cli.run("convert", "--input", "s3://bucket/logs/*.log", "--output", "out")
        .failsWith("convert", "s3://bucket/logs/*.log: this jar has no S3 filesystem")
        .failsWith("convert", "mvn -B -Ps3 -DskipTests package");
    Cli.run("convert", "--input", "x.log", "--output", "s3://bucket/tables")
        .failsWith("convert", "java -jar pipelines/target/sst-s3.jar");
    Cli.run("audit", "--tables", "s3://bucket/tables")
        .failsWith("audit", "pipelines/target/sst-s3.jar");
  }
}
