package dev.sstbeam.pipelines;

import dev.sstbeam.format.setsum.SetsumHashing;
import dev.sstbeam.pipelines.cli.AuditCommand;
import dev.sstbeam.pipelines.cli.ChecksumShortcut;
import dev.sstbeam.pipelines.cli.CompactCommand;
import dev.sstbeam.pipelines.cli.ConvertCommand;
import dev.sstbeam.pipelines.cli.DemoCommand;
import dev.sstbeam.pipelines.cli.GcPolicyCommand;
import dev.sstbeam.pipelines.cli.GcRetainedCommand;
import dev.sstbeam.pipelines.cli.GetCommand;
import dev.sstbeam.pipelines.cli.LogChecksumCommand;
import dev.sstbeam.pipelines.cli.LogDumpCommand;
import dev.sstbeam.pipelines.cli.LogFromPlaintextCommand;
import dev.sstbeam.pipelines.cli.LogTruncateCommand;
import dev.sstbeam.pipelines.cli.SetsumCalculatorCommand;
import dev.sstbeam.pipelines.cli.SstChecksumCommand;
import dev.sstbeam.pipelines.cli.SstDumpCommand;
import dev.sstbeam.pipelines.cli.SstFromLogCommand;
import dev.sstbeam.pipelines.cli.SstFromPlaintextCommand;
import dev.sstbeam.pipelines.cli.SstInspectCommand;
import dev.sstbeam.pipelines.cli.SstStatCommand;
import dev.sstbeam.pipelines.cli.VerifyGcCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sst} command line: the Rust crate's log, table and setsum tools, byte-compatible in
 * their output, plus a demo. Each subcommand is one class in {@code dev.sstbeam.pipelines.cli},
 * registered by {@link #newCommandLine}.
 *
 * <p>Exit statuses: 0 success; 1 an error (bad or corrupt input, a missing file), reported as one
 * line {@code sst <command>: <message>} on stderr; 2 a usage error. Tools that mimic a Rust tool's
 * own messages and statuses (log-truncate-final-partial-frame, setsum-calculator) say so.
 */
@Command(
    name = "sst",
    mixinStandardHelpOptions = true,
    versionProvider = SstVersion.class,
    description = {
      "Tools for the logs, tables and setsums of the Rust sst 0.24.0 crate, in pure Java.",
      "Output formats are byte-for-byte those of the Rust tools of the same name."
    })
public final class SstCommand implements Callable<Integer> {
  /** The subcommands, in the order the usage lists them. */
  private static final List<Class<?>> SUBCOMMANDS = List.of(
      LogDumpCommand.class,
      LogChecksumCommand.class,
      LogFromPlaintextCommand.class,
      LogTruncateCommand.class,
      SetsumCalculatorCommand.class,
      SstDumpCommand.class,
      SstChecksumCommand.class,
      SstInspectCommand.class,
      SstStatCommand.class,
      SstFromPlaintextCommand.class,
      SstFromLogCommand.class,
      GcPolicyCommand.class,
      GcRetainedCommand.class,
      ConvertCommand.class,
      AuditCommand.class,
      CompactCommand.class,
      VerifyGcCommand.class,
      GetCommand.class,
      DemoCommand.class,
      HelpCommand.class);

  /** The subcommands that reach others through the command line: they get every subcommand. */
  private static final List<Class<?>> USING_OTHERS = List.of(HelpCommand.class, DemoCommand.class);

  private final InputStream stdin;

  @Spec private CommandSpec spec;

  /** The command reading standard input from {@link System#in}. */
  public SstCommand() {
    this(System.in);
  }

  /** The command reading standard input (setsum-calculator) from {@code stdin}. */
  public SstCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  /** What subcommands read as standard input. */
  public InputStream stdin() {
    return stdin;
  }

  /**
   * Loggers of Flink and Spark and of Beam's runners for them (when the jar is built with a runner
   * profile), kept here so that java.util.logging does not forget their levels.
   */
  private static final java.util.logging.Logger[] RUNNER_LOGGERS = {
    java.util.logging.Logger.getLogger("org.apache.flink"),
    java.util.logging.Logger.getLogger("org.apache.spark"),
    java.util.logging.Logger.getLogger("org.apache.hadoop"),
    java.util.logging.Logger.getLogger("org.apache.beam.runners.flink"),
    java.util.logging.Logger.getLogger("org.apache.beam.runners.spark"),
  };

  /**
   * Beam and its runners log at INFO through java.util.logging; a command line shows its own
   * progress and summary instead. Flink, Spark and Beam's runners for them log nothing: their
   * warnings (about operator names, log files, host names, native libraries, a lost executor the
   * job recovered from) are noise to a command line, and their errors are the job's failure,
   * which the command reports in one line itself (Beam's FlinkRunner would log it first, with
   * 80 lines of stack trace). {@code SST_LOG=1} in the environment keeps all the logs.
   */
  private static void quietLogging() {
    if (System.getenv("SST_LOG") == null) {
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
      for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
        h.setLevel(java.util.logging.Level.WARNING);
      }
      for (java.util.logging.Logger runner : RUNNER_LOGGERS) {
        runner.setLevel(java.util.logging.Level.OFF);
      }
    }
  }

  /** {@code sst} without a subcommand: usage on stderr, a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return spec.exitCodeOnInvalidInput();
  }

  /**
   * A command line for {@code command} with every subcommand and the error handling of the
   * {@code sst} tool: usage errors and unexpected failures as one line on stderr (a stack trace
   * only with {@code SST_DEBUG} set in the environment). Callers may replace its out and err
   * writers.
   */
  public static CommandLine newCommandLine(SstCommand command) {
    return withSubcommands(command, null);
  }

  /**
   * {@link #newCommandLine(SstCommand)} for running {@code args}: when the first argument names a
   * subcommand (other than those of {@link #USING_OTHERS}), that one alone is registered. Picocli
   * builds the model of every subcommand it is given, from its annotations, and all of them cost a
   * short command about 0.2 s of CPU time, a third of its run; the subcommand parses, prints its
   * usage and fails as with all of them there. Anything else ({@code --help}, {@code help X}, no
   * or an unknown command) gets them all.
   */
  public static CommandLine newCommandLine(SstCommand command, String[] args) {
    String first = args.length > 0 ? args[0] : null;
    for (Class<?> c : SUBCOMMANDS) {
      if (!USING_OTHERS.contains(c) && nameOf(c).equals(first)) {
        return withSubcommands(command, c);
      }
    }
    return newCommandLine(command);
  }

  /** The command line with subcommand {@code only}, or with all of them when it is null. */
  private static CommandLine withSubcommands(SstCommand command, Class<?> only) {
    CommandLine cl = new CommandLine(command);
    for (Class<?> c : SUBCOMMANDS) {
      if (only == null || c == only) {
        cl.addSubcommand(c);
      }
    }
    cl.setParameterExceptionHandler(CommandErrors::usageError);
    cl.setExecutionExceptionHandler(CommandErrors::unexpectedError);
    return cl;
  }

  private static String nameOf(Class<?> subcommand) {
    return subcommand.getAnnotation(Command.class).name();
  }

  public static void main(String[] args) {
    // With -Dsst.setsum.hashing=eager (the ./sst launcher's, for the commands that hash whole
    // files), the vector path's warm-up starts now, alongside the start-up below.
    SetsumHashing.prepare();
    quietLogging();
    // Standard output itself rather than System.out, a PrintStream that would hide a closed pipe.
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(
                new OutputStreamWriter(
                    new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                1 << 16),
            false);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    Integer status = ChecksumShortcut.run(args, out, err);
    if (status == null) {
      CommandLine cl = newCommandLine(new SstCommand(), args);
      cl.setOut(out);
      cl.setErr(err);
      status = cl.execute(args);
    }
    out.flush();
    err.flush();
    System.exit(status);
  }
}
