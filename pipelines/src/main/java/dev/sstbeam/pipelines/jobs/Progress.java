package dev.sstbeam.pipelines.jobs;

import dev.sstbeam.beam.SstIO;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/**
 * Waits for a pipeline, showing on stderr — only when it is a terminal — the records and bytes read
 * so far (from the read's counters), the rate, and the reading time left when the total is known;
 * once everything is read, the key ranges and tables {@link SstIO#write()} has finished. Returns
 * the final state; prints nothing when stderr is not a terminal.
 */
public final class Progress {
  private final PrintWriter err;
  private final boolean terminal;
  private final Class<?> namespace;
  private final long totalBytes;

  /**
   * Whether stderr is a terminal. The {@code ./sst} launcher says so with
   * {@code -Dsst.stderr.terminal=true|false}: it filters stderr through a pipe, which hides the
   * terminal from the JVM. Without that property: whether the JVM has a console (on JDK 22 and
   * later, one that is a terminal).
   */
  public static boolean stderrIsTerminal() {
    String told = System.getProperty("sst.stderr.terminal");
    if (told != null) {
      return Boolean.parseBoolean(told);
    }
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Console.isTerminal() (JDK 22+): there System.console() may be non-null without a terminal.
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17-21: a console is a terminal
    }
  }

  public Progress(PrintWriter err, boolean terminal, Class<?> namespace, long totalBytes) {
    this.err = err;
    this.terminal = terminal;
    this.namespace = namespace;
    this.totalBytes = totalBytes;
  }

  public PipelineResult.State await(PipelineResult result) {
    long start = System.nanoTime();
    PipelineResult.State state = result.waitUntilFinish(Duration.millis(terminal ? 1000 : 0));
    while (state == null || !state.isTerminal()) {
      if (terminal) {
        show(result, (System.nanoTime() - start) / 1e9);
      }
      state = result.waitUntilFinish(Duration.millis(1000));
    }
    if (terminal) {
      err.print("\r\033[K");
      err.flush();
    }
    return state;
  }

  private void show(PipelineResult result, double seconds) {
    long records = counter(result, "records");
    long bytes = counter(result, "bytes");
    String line;
    // The read counts the bytes of records, not the padding at block ends (under 0.01 %).
    if (totalBytes > 0 && bytes >= totalBytes - totalBytes / 1000) {
      // Read: what remains is the rest of the job (for SstIO.write, sorting and writing tables).
      long ranges = counter(result, SstIO.class, "partitions-finished");
      long tables = counter(result, SstIO.class, "tables");
      line = String.format(Locale.ROOT, "%,d records, %.1f MB read; %s, %.0f s", records,
          bytes / 1e6, ranges > 0 || tables > 0
              ? String.format(Locale.ROOT, "writing: %,d key ranges done, %,d tables", ranges, tables)
              : "finishing", seconds);
    } else {
      double rate = bytes / Math.max(seconds, 1e-3) / 1e6;
      line = String.format(Locale.ROOT, "%,d records, %.1f MB read, %.1f MB/s, %.0f s", records,
          bytes / 1e6, rate, seconds);
      if (totalBytes > 0 && bytes > 0) {
        line += String.format(Locale.ROOT, ", reading about %.0f s more", (totalBytes - bytes) / (rate * 1e6));
      }
    }
    err.print("\r\033[K" + line);
    err.flush();
  }

  /** The attempted value of a counter of {@code namespace} (0 if the runner has none yet). */
  public long counter(PipelineResult result, String name) {
    return counter(result, namespace, name);
  }

  private static long counter(PipelineResult result, Class<?> namespace, String name) {
    try {
      MetricQueryResults q = result.metrics().queryMetrics(
          MetricsFilter.builder().addNameFilter(MetricNameFilter.named(namespace, name)).build());
      long sum = 0;
      for (MetricResult<Long> c : q.getCounters()) {
        Long v = c.getAttempted();
        sum += v == null ? 0 : v;
      }
      return sum;
    } catch (RuntimeException e) {
      return 0; // Some runners cannot report metrics while running.
    }
  }
}
