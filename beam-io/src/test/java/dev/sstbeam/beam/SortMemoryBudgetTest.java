package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sort memory of a bundle follows the worker's heap, so a small heap spills sooner. */
class SortMemoryBudgetTest {
  private static final long MIB = 1L << 20;

  @Test
  void theConfiguredBudgetHoldsWhenTheHeapHasRoomForEveryThread() {
    assertEquals(64 * MIB, RunBuffer.budget(64 * MIB, 4096 * MIB, 8));
  }

  @Test
  void aSmallHeapSharedByManyThreadsGetsAQuarterOfItsHeapPerThread() {
    assertEquals(20 * MIB, RunBuffer.budget(64 * MIB, 640 * MIB, 8));
    assertEquals(80 * MIB, RunBuffer.budget(128 * MIB, 640 * MIB, 2));
  }

  @Test
  void theBudgetIsNeverBelowOneMebibyte() {
    assertEquals(MIB, RunBuffer.budget(64 * MIB, 16 * MIB, 64));
    assertEquals(16 * MIB, RunBuffer.budget(64 * MIB, 64 * MIB, 0), "no processors count as one");
  }
}
