package dev.sstbeam.pipelines.jobs;

import dev.sstbeam.format.SstException;

/**
 * The one-line reason a pipeline failed: runners wrap the DoFn's exception (often several times),
 * so this finds the {@link SstException} — which names the code, file and offset — or else the
 * innermost message. When Flink gave up on the job ("Recovery is suppressed by ..." in the
 * chain), the line says so and names the restart strategy, since a lost TaskManager is then the
 * innermost cause and the strategy is what the user can change.
 */
public final class PipelineFailure {
  private static final String FLINK_GAVE_UP = "Recovery is suppressed by ";
  private static final String FLINK_NO_RESTART = "NoRestartBackoffTimeStrategy";

  private PipelineFailure() {}

  public static String describe(Throwable failure) {
    Throwable innermost = failure;
    String restartStrategy = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SstException) {
        return t.getMessage();
      }
      if (t.getMessage() != null) {
        innermost = t;
        if (t.getMessage().startsWith(FLINK_GAVE_UP)) {
          restartStrategy = firstLine(t.getMessage().substring(FLINK_GAVE_UP.length()));
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String message = innermost.getMessage();
    String line = message == null ? innermost.getClass().getSimpleName() : firstLine(message);
    if (restartStrategy != null && innermost.getMessage().startsWith(FLINK_GAVE_UP)) {
      return line;
    }
    if (restartStrategy != null) {
      line += restartStrategy.startsWith(FLINK_NO_RESTART)
          ? " (not restarted: the Flink cluster has no restart-strategy)"
          : " (not restarted again: " + restartStrategy + ")";
    }
    return line;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
