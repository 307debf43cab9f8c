package dev.sstbeam.pipelines.jobs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Beam pipeline options from the arguments our commands do not know ({@code --runner=FlinkRunner},
 * {@code --parallelism=4}, …). Without {@code --runner} jobs run on the direct runner, tuned for
 * throughput: its immutability and encodability checks (test aids that re-encode every element)
 * are off unless asked for, and it uses one thread per core. Its {@code run()} does not block (the
 * caller waits through {@link Progress}). On Flink, see {@link FlinkBatchArgs}.
 */
public final class JobOptions {
  private JobOptions() {}

  public static PipelineOptions from(List<String> beamArgs) {
    List<String> args = new ArrayList<>(beamArgs);
    checkRunnerIsInThisJar(args);
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
      if (!mentions(args, "blockOnRun")) {
        // run() returns at once, so that Progress can show the job while it runs.
        direct.setBlockOnRun(false);
      }
    }
    return options;
  }

  /**
   * Beam's help on its pipeline options: the registered options interfaces, or the options of the
   * one named (simple or full class name). Fails naming the interfaces when none has that name.
   */
  public static void printBeamHelp(PrintStream out, String interfaceName) {
    PipelineOptionsFactory.register(DirectOptions.class);
    if (interfaceName.isEmpty()) {
      PipelineOptionsFactory.printHelp(out);
      return;
    }
    List<String> known = new ArrayList<>();
    for (Class<? extends PipelineOptions> options : PipelineOptionsFactory.getRegisteredOptions()) {
      if (options.getName().equals(interfaceName) || options.getSimpleName().equalsIgnoreCase(interfaceName)) {
        PipelineOptionsFactory.printHelp(out, options);
        return;
      }
      known.add(options.getSimpleName());
    }
    Collections.sort(known);
    throw new IllegalArgumentException("no Beam options interface is named " + interfaceName
        + "; these are: " + String.join(", ", known));
  }

  /**
   * Beam's own answer to a runner missing from the class path lists only the runners present;
   * the runners this project builds jars for get the command that builds the jar.
   */
  private static void checkRunnerIsInThisJar(List<String> args) {
    for (String a : args) {
      if (!a.startsWith("--runner=")) {
        continue;
      }
      String runner = a.substring("--runner=".length());
      String name = runner.substring(runner.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      String[] jar = RUNNER_JARS.get(name);
      if (jar != null && !onClassPath(jar[0])) {
        throw new IllegalArgumentException(runner + " is not in this jar (sst.jar holds only the"
            + " direct runner; each other runner has a jar of its own): build pipelines/target/sst-" + jar[1] + ".jar with 'mvn -B -P" + jar[1]
            + " -DskipTests package -pl format,beam-io,pipelines -am' and run 'java -jar"
            + " pipelines/target/sst-" + jar[1] + ".jar' with the same arguments (README: Running on"
            + " Flink, Spark or Dataflow)");
      }
    }
  }

  /** Runner name (lower case) → its class and the Maven profile that builds a jar with it. */
  private static final Map<String, String[]> RUNNER_JARS = Map.of(
      "flinkrunner", new String[] {"org.apache.beam.runners.flink.FlinkRunner", "flink"},
      "sparkrunner", new String[] {"org.apache.beam.runners.spark.SparkRunner", "spark"},
      "dataflowrunner", new String[] {"org.apache.beam.runners.dataflow.DataflowRunner", "dataflow"});

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, JobOptions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether the job runs inside this process (the direct runner), and so dies with it. */
  public static boolean runsInThisProcess(PipelineOptions options) {
    return options.getRunner() == DirectRunner.class;
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
