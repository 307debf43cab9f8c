package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.Test;

/**
 * The pipeline tests run on the runner the build asked for: the direct runner by default,
 * TestFlinkRunner under {@code -Pflink}, TestSparkRunner under {@code -Pspark} (the profiles set
 * {@code beamTestPipelineOptions} and {@code sst.test.runner}). Guards against a profile that
 * silently falls back to the direct runner.
 */
class TestRunnerTest {
  @Test
  void pipelineTestsRunOnTheRunnerOfTheBuildProfile() {
    String expected = System.getProperty("sst.test.runner", "DirectRunner");
    assertEquals(expected, TestPipeline.testingPipelineOptions().getRunner().getSimpleName());
  }
}
