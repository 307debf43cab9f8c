package dev.sstbeam.pipelines.jobs;

import dev.sstbeam.format.SstException;

/**
 * The one-line reason a pipeline failed: runners wrap the DoFn's exception (often several times),
 * so this finds the {@link SstException} — which names the code, file and offset — or else the
 * innermost message.
 */
public final class PipelineFailure {
  private PipelineFailure() {}

  public static String describe(Throwable failure) {
    Throwable innermost = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SstException) {
        return t.getMessage();
      }
      if (t.getMessage() != null) {
        innermost = t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    String message = innermost.getMessage();
    return message == null ? innermost.getClass().getSimpleName() : firstLine(message);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
