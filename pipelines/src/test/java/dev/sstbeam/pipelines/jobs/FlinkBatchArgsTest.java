package dev.sstbeam.pipelines.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkBatchArgsTest {
  @Test
  void onlyTheFlinkRunnersAreFlink() {
    assertTrue(FlinkBatchArgs.isFlink(List.of("--runner=FlinkRunner", "--parallelism=2")));
    assertTrue(FlinkBatchArgs.isFlink(List.of("--runner=org.apache.beam.runners.flink.TestFlinkRunner")));
    assertFalse(FlinkBatchArgs.isFlink(List.of("--runner=SparkRunner")));
    assertFalse(FlinkBatchArgs.isFlink(List.of("--parallelism=2")));
  }

  @Test
  void blockingExchangesUnlessAnotherModeIsGiven() {
    assertEquals(List.of("--runner=FlinkRunner", "--executionModeForBatch=BATCH_FORCED"),
        FlinkBatchArgs.withDefaults(List.of("--runner=FlinkRunner")));
    List<String> pipelined = List.of("--runner=FlinkRunner", "--executionModeForBatch=PIPELINED");
    assertEquals(pipelined, FlinkBatchArgs.withDefaults(pipelined));
  }

  @Test
  void retryOptionsBeamIgnoresOnBatchJobsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlinkBatchArgs.withDefaults(List.of("--runner=FlinkRunner", "--numberOfExecutionRetries=3")));
    assertTrue(e.getMessage().startsWith("--numberOfExecutionRetries does nothing for a Flink batch job"),
        e.getMessage());
    assertTrue(e.getMessage().contains("restart-strategy"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> FlinkBatchArgs.withDefaults(List.of("--runner=FlinkRunner", "--executionRetryDelay=1000")));
  }

  @Test
  void retryOptionsAreAcceptedOnTheDataStreamTranslation() {
    List<String> args = List.of("--runner=FlinkRunner", "--useDataStreamForBatch=true",
        "--numberOfExecutionRetries=3");
    assertTrue(FlinkBatchArgs.withDefaults(args).containsAll(args));
    List<String> bare = List.of("--runner=FlinkRunner", "--useDataStreamForBatch",
        "--numberOfExecutionRetries=3");
    assertTrue(FlinkBatchArgs.withDefaults(bare).containsAll(bare));
  }
}
