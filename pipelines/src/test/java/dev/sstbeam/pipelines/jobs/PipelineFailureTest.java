package dev.sstbeam.pipelines.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PipelineFailureTest {
  @Test
  void theSstExceptionInTheChainIsTheReason() {
    SstException corrupt =
        SstException.of(ErrorCode.CORRUPTION_CRC_CHECKSUM_FAILED).offset(96).file("x.log").build();
    RuntimeException wrapped = new RuntimeException("Pipeline execution failed",
        new IllegalStateException("task failed", corrupt));
    assertEquals(corrupt.getMessage(), PipelineFailure.describe(wrapped));
  }

  @Test
  void otherwiseTheFirstLineOfTheInnermostMessage() {
    RuntimeException e = new RuntimeException("outer",
        new IOException("Connection unexpectedly closed by remote task manager\nmore"));
    assertEquals("Connection unexpectedly closed by remote task manager", PipelineFailure.describe(e));
  }

  @Test
  void aFlinkJobThatWasNotRestartedSaysWhy() {
    RuntimeException e = new RuntimeException("Job execution failed.",
        new RuntimeException("Recovery is suppressed by NoRestartBackoffTimeStrategy",
            new RuntimeException("TaskManager with id tm1 is no longer reachable.")));
    assertEquals("TaskManager with id tm1 is no longer reachable. (not restarted: the Flink"
        + " cluster has no restart-strategy)", PipelineFailure.describe(e));

    RuntimeException exhausted = new RuntimeException("Job execution failed.",
        new RuntimeException("Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy("
            + "maxNumberRestartAttempts=3, backoffTimeMS=2000)",
            new IOException("Connection refused")));
    assertEquals("Connection refused (not restarted again: FixedDelayRestartBackoffTimeStrategy("
        + "maxNumberRestartAttempts=3, backoffTimeMS=2000))", PipelineFailure.describe(exhausted));
  }
}
