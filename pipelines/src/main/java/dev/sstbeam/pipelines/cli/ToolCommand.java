package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand of {@code sst}. Errors in what the user gave it — a corrupt log (the
 * {@link SstException}'s message carries the code, fields, offset and file), a missing file, a bad
 * value — become one line {@code sst <command>: <message>} on stderr and exit status 1, after
 * everything printed so far has been flushed to stdout. Never a stack trace for bad input.
 */
abstract class ToolCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;

  @Spec CommandSpec spec;

  /** Set when the command runs without picocli ({@link #callWithout}); else null. */
  private Direct direct;

  /** What picocli's spec gives a command that runs without it. */
  private record Direct(String qualifiedName, PrintWriter out, PrintWriter err) {}

  /** The command's work; returns the exit status. */
  protected abstract int run() throws IOException, ToolFailure;

  /**
   * Runs the command, its fields already set, without picocli (for {@link ChecksumShortcut}):
   * {@code qualifiedName} and the writers stand in for the spec's, and the status is
   * {@link #call()}'s. Only for arguments that cannot be usage errors.
   */
  final int callWithout(String qualifiedName, PrintWriter out, PrintWriter err) {
    direct = new Direct(qualifiedName, out, err);
    return call();
  }

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (ToolFailure.OutputClosed e) {
      return ToolFailure.OutputClosed.EXIT_STATUS;
    } catch (SstException | ToolFailure e) {
      return fail(e.getMessage());
    } catch (IOException e) {
      return fail(SystemErrors.of(e, null).getMessage());
    } catch (UncheckedIOException e) {
      return fail(SystemErrors.of(e.getCause(), null).getMessage());
    } catch (IllegalArgumentException e) {
      // Bad values the format layer rejects (a path with a NUL byte, a block range, a file too
      // large to plan): the user's input, not a bug.
      return fail(e.getMessage());
    } finally {
      out().flush();
    }
  }

  protected PrintWriter out() {
    return direct != null ? direct.out() : spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return direct != null ? direct.err() : spec.commandLine().getErr();
  }

  /** Prints {@code sst <command>: message} on stderr; returns exit status 1. */
  protected int fail(String message) {
    out().flush();
    String name = direct != null ? direct.qualifiedName() : spec.qualifiedName();
    err().print(name + ": " + message + "\n");
    err().flush();
    return FAILED;
  }

  /**
   * Like {@link #fail(String)}, for a failure with a cause worth a stack trace (a pipeline's):
   * the trace follows the line when {@code SST_DEBUG} is set in the environment.
   */
  protected int fail(String message, Throwable cause) {
    int status = fail(message);
    if (System.getenv("SST_DEBUG") != null) {
      cause.printStackTrace(err());
      err().flush();
    }
    return status;
  }

  /** Prints {@code line} and a newline on stdout ("\n" on every platform, like Rust). */
  protected void println(String line) {
    out().print(line + "\n");
  }

  /** Prints {@code line} and a newline on stderr, verbatim (for the Rust tools' own messages). */
  protected void eprintln(String line) {
    out().flush();
    err().print(line + "\n");
    err().flush();
  }
}
