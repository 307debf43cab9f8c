package dev.sstbeam.pipelines.cli;

/** A failure a command explains in one line of its own words (e.g. a malformed input line). */
class ToolFailure extends Exception {
  private static final long serialVersionUID = 1L;

  ToolFailure(String message) {
    super(message);
  }

  /**
   * Standard output was closed under us, as by {@code sst log-dump big.log | head}: the command
   * stops quietly with status 141, as a tool killed by SIGPIPE would.
   */
  static final class OutputClosed extends ToolFailure {
    private static final long serialVersionUID = 1L;
    static final int EXIT_STATUS = 141;

    OutputClosed() {
      super("standard output is closed");
    }
  }
}
