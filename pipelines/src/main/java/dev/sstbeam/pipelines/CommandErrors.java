package dev.sstbeam.pipelines;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code sst} tool's answers to errors that reach picocli: one line on stderr, never a stack
 * trace unless {@code SST_DEBUG} is set. (Errors in the input itself are reported by the commands,
 * see {@code ToolCommand}.)
 */
final class CommandErrors {
  private CommandErrors() {}

  /** A bad command line: {@code sst log-dump: <what is wrong> (see 'sst log-dump --help')}. */
  static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    cl.getOut().flush();
    String name = cl.getCommandSpec().qualifiedName();
    err.print(name + ": " + e.getMessage() + " (see '" + name + " --help')\n");
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** A failure no command anticipated: a bug, reported on one line. */
  static int unexpectedError(Exception e, CommandLine cl, ParseResult parseResult) {
    cl.getOut().flush();
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().qualifiedName();
    if (System.getenv("SST_DEBUG") != null) {
      err.print(name + ": internal error: " + e + "\n");
      e.printStackTrace(err);
    } else {
      err.print(name + ": internal error: " + e + " (set SST_DEBUG=1 for a stack trace)\n");
    }
    err.flush();
    return cl.getCommandSpec().exitCodeOnExecutionException();
  }
}
