package dev.sstbeam.pipelines.cli;

import dev.sstbeam.pipelines.jobs.JobOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * While a job runs inside this process (the direct runner), a cleanup that runs if the process is
 * interrupted (Ctrl-C, kill): the job dies with the process, so it leaves nothing behind. Closing
 * it (the job ended, one way or the other) withdraws the cleanup.
 */
final class CleanUpIfKilled implements AutoCloseable {
  private final Thread hook;

  CleanUpIfKilled(PipelineOptions options, String name, Runnable cleanUp) {
    hook = new Thread(cleanUp, name);
    if (JobOptions.runsInThisProcess(options)) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs, or ran: nothing to remove.
    }
  }
}
