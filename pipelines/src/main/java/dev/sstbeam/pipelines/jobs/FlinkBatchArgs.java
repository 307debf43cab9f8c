package dev.sstbeam.pipelines.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * What the launcher adds to, and refuses in, the Beam arguments of a job on Beam's FlinkRunner.
 * It works on the argument strings, before Beam parses them, so it needs no Flink class (the
 * runner is only in the {@code -Pflink} jar).
 *
 * <ul>
 *   <li>{@code --executionModeForBatch=BATCH_FORCED} unless given: every data exchange is
 *       blocking, so Flink deploys and restarts the job stage by stage. Beam's default,
 *       {@code PIPELINED}, deploys almost the whole job at once, and its few blocking exchanges
 *       each reserve {@code taskmanager.network.sort-shuffle.min-buffers} (512 × 32 KiB) on top of
 *       the buffers of every pipelined channel: more network memory than a default TaskManager
 *       has ("Insufficient number of network buffers: required 512").
 *   <li>{@code --numberOfExecutionRetries} and {@code --executionRetryDelay} are refused unless
 *       {@code --useDataStreamForBatch=true}: Beam gives them to Flink's streaming environment only,
 *       so on a batch job (the DataSet translation, Beam's default) they do nothing, and a lost
 *       TaskManager still fails the job ("Recovery is suppressed by NoRestartBackoffTimeStrategy").
 *       A batch job restarts as the cluster's {@code restart-strategy} says.
 * </ul>
 */
public final class FlinkBatchArgs {
  static final String EXECUTION_MODE = "executionModeForBatch";
  static final String BLOCKING = "BATCH_FORCED";
  private static final String[] STREAMING_ONLY = {"numberOfExecutionRetries", "executionRetryDelay"};

  private FlinkBatchArgs() {}

  /** True if the arguments choose Beam's FlinkRunner (or its test runner). */
  public static boolean isFlink(List<String> args) {
    String runner = value(args, "runner");
    return runner != null && runner.endsWith("FlinkRunner");
  }

  /**
   * The arguments with the launcher's Flink defaults added.
   *
   * @throws IllegalArgumentException for a retry option Beam would silently ignore
   */
  public static List<String> withDefaults(List<String> args) {
    boolean dataStream = "true".equalsIgnoreCase(value(args, "useDataStreamForBatch"));
    if (!dataStream) {
      for (String option : STREAMING_ONLY) {
        if (value(args, option) != null) {
          throw new IllegalArgumentException("--" + option + " does nothing for a Flink batch job"
              + " (Beam applies it to streaming jobs and --useDataStreamForBatch=true only); a batch"
              + " job restarts as the Flink cluster's restart-strategy says, e.g."
              + " restart-strategy.type: fixed-delay");
        }
      }
    }
    List<String> out = new ArrayList<>(args);
    if (value(args, EXECUTION_MODE) == null) {
      out.add("--" + EXECUTION_MODE + "=" + BLOCKING);
    }
    return out;
  }

  /** The value of {@code --name=value} ("true" for a bare {@code --name}), or null if absent. */
  static String value(List<String> args, String name) {
    String bare = "--" + name;
    String result = null;
    for (String a : args) {
      if (a.equals(bare)) {
        result = "true";
      } else if (a.startsWith(bare + "=")) {
        result = a.substring(bare.length() + 1);
      }
    }
    return result;
  }
}
