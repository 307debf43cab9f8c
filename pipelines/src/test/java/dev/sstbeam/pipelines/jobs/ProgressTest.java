package dev.sstbeam.pipelines.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whether progress is shown: the ./sst launcher's word about stderr wins over the JVM's view. */
class ProgressTest {
  private static final String PROPERTY = "sst.stderr.terminal";

  @AfterEach
  void clear() {
    System.clearProperty(PROPERTY);
  }

  @Test
  void theLaunchersPropertySaysWhetherStderrIsATerminal() {
    System.setProperty(PROPERTY, "true");
    assertTrue(Progress.stderrIsTerminal());
    System.setProperty(PROPERTY, "false");
    assertFalse(Progress.stderrIsTerminal());
  }

  @Test
  void withoutThePropertyAJvmWithoutAConsoleHasNoTerminal() {
    // Surefire's JVM runs with its standard streams redirected: no console.
    assertEquals(System.console() != null, Progress.stderrIsTerminal());
    assertFalse(Progress.stderrIsTerminal());
  }
}
