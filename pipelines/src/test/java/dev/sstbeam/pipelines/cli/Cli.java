package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.pipelines.SstCommand;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import picocli.CommandLine;

/**
 * Runs the {@code sst} command line in-process, as a user would (as {@code SstCommand.main} builds
 * it for the arguments), capturing stdout and stderr.
 */
final class Cli {
  private Cli() {}

  static Result run(String... args) {
    return runWithInput("", args);
  }

  static Result runWithInput(String stdin, String... args) {
    return run(SstCommand.newCommandLine(command(stdin), args), args);
  }

  /** Runs {@code args} on a command line with every subcommand registered. */
  static Result runWithAllSubcommands(String... args) {
    return run(SstCommand.newCommandLine(command("")), args);
  }

  /**
   * Runs {@code args} as {@code SstCommand.main} does when {@link ChecksumShortcut} takes them
   * (without picocli); null when it does not.
   */
  static Result runShortcut(String... args) {
    return capture((out, err) -> ChecksumShortcut.run(args, out, err));
  }

  private static SstCommand command(String stdin) {
    return new SstCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
  }

  private static Result run(CommandLine cl, String... args) {
    return capture((out, err) -> {
      cl.setOut(out);
      cl.setErr(err);
      return cl.execute(args);
    });
  }

  /** Runs {@code command} on writers of its own; null when it returns no status. */
  private static Result capture(BiFunction<PrintWriter, PrintWriter, Integer> command) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    Integer status = command.apply(o, e);
    if (status == null) {
      return null;
    }
    o.flush();
    e.flush();
    return new Result(status, out.toString(), err.toString());
  }

  static final class Result {
    final int status;
    final String out;
    final String err;

    Result(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }

    /** Exit 0 and nothing on stderr. */
    Result ok() {
      assertEquals("", err, "stderr");
      assertEquals(0, status, "exit status");
      return this;
    }

    /**
     * The tool's error form: a non-zero status, and exactly one stderr line that starts with
     * {@code sst <command>: } and contains {@code fragment}; no stack trace.
     */
    Result failsWith(String command, String fragment) {
      assertTrue(status != 0, "exit status should be non-zero, stdout: " + out);
      assertTrue(err.endsWith("\n"), "stderr should end in a newline: " + err);
      assertEquals(1, err.split("\n", -1).length - 1, "exactly one stderr line: " + err);
      assertTrue(err.startsWith("sst " + command + ": "), "stderr prefix: " + err);
      assertTrue(err.contains(fragment), "stderr should mention " + fragment + ": " + err);
      assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
      return this;
    }
  }
}
