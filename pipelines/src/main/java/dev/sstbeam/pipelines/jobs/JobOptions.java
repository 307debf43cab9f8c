package dev.sstbeam.pipelines.jobs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Beam pipeline options from the arguments our commands do not know ({@code --runner=FlinkRunner},
 * {@code --parallelism=4}, …). Without {@code --runner} jobs run on the direct runner, tuned for
 * throughput: its immutability and encodability checks (test aids that re-encode every element)
 * are off unless asked for, and it uses one thread per core. Its {@code run()} does not block (the
 * caller waits through {@link Progress}), and the JIT compiler is kept on the job's own loops
 * ({@link DirectRunnerCompilation}). On Flink, see {@link FlinkBatchArgs}.
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
      DirectRunnerCompilation.startAdding();
    }
    return options;
  }

  /**
   * How many bundles the runner works on at once when that is known before the job runs: the
   * direct runner's threads. 1 on other runners, whose workers are only known to the cluster.
   */
  public static int knownParallelism(PipelineOptions options) {
    if (options.getRunner() == DirectRunner.class) {
      return Math.max(1, options.as(DirectOptions.class).getTargetParallelism());
    }
    return 1;
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

  /** A URI scheme as Beam's FileSystems recognises one. */
  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][-a-zA-Z0-9+.]*)://");

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

  /**
   * Fails, naming the jar that has it, when a path's scheme has no Beam filesystem in this jar:
   * Beam's own answer ("No filesystem found for scheme s3") does not say where to get one.
   */
  public static void checkFileSystemsInThisJar(PipelineOptions options, List<String> paths) {
    FileSystems.setDefaultPipelineOptions(options);
    for (String path : paths) {
      Matcher m = SCHEME.matcher(path);
      if (!m.find()) {
        continue;
      }
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      try {
        FileSystems.matchNewResource(path, true);
      } catch (IllegalArgumentException e) {
        if (!"s3".equals(scheme)) {
          throw e;
        }
        throw new IllegalArgumentException(path + ": this jar has no S3 filesystem (sst.jar holds"
            + " only local files): build pipelines/target/sst-s3.jar with 'mvn -B -Ps3 -DskipTests"
            + " package -pl format,beam-io,pipelines -am' and run 'java -jar"
            + " pipelines/target/sst-s3.jar' with the same arguments (README: Object storage (S3))");
      }
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
