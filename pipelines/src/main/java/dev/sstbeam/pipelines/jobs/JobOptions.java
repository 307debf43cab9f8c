package dev.sstbeam.pipelines.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Beam pipeline options from the arguments our commands do not know ({@code --runner=FlinkRunner},
 * {@code --parallelism=4}, …). Without {@code --runner} jobs run on the direct runner, tuned for
 * throughput: its immutability and encodability checks (test aids that re-encode every element)
 * are off unless asked for, and it uses one thread per core. On Flink, see {@link FlinkBatchArgs}.
 */
public final class JobOptions {
  private JobOptions() {}

  public static PipelineOptions from(List<String> beamArgs) {
    List<String> args = new ArrayList<>(beamArgs);
    if (FlinkBatchArgs.isFlink(args)) {
      args = FlinkBatchArgs.withDefaults(args);
    }
    PipelineOptionsFactory.register(DirectOptions.class);
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation().create();
    if (options.getRunner() == DirectRunner.class) {
      DirectOptions direct = options.as(DirectOptions.class);
      if (!mentions(args, "enforceImmutability")) {
        direct.setEnforceImmutability(false);
      }
      if (!mentions(args, "enforceEncodability")) {
        direct.setEnforceEncodability(false);
      }
      if (!mentions(args, "targetParallelism")) {
        direct.setTargetParallelism(Math.max(2, Runtime.getRuntime().availableProcessors()));
      }
    }
    return options;
  }

  /** The runner's simple name, for summaries. */
  public static String runnerName(PipelineOptions options) {
    return options.getRunner().getSimpleName();
  }

  private static boolean mentions(List<String> args, String option) {
    for (String a : args) {
      if (a.startsWith("--" + option)) {
        return true;
      }
    }
    return false;
  }
}
