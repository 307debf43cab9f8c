package dev.sstbeam.format.setsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sstbeam.format.KeyValue;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchedSetsum} gives the setsum a plain {@link Setsum} gives, on this JVM's path (which
 * may turn from scalar to vector while the test runs) and on the vector code directly. The
 * widths and the JDK's digests are covered by HashingPathTest, one JVM per width.
 */
class BatchedSetsumTest {
  private static Supplier<BatchedSetsum> onTheLanes() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    LaneKeccak lanes = new VectorKeccak();
    return () -> new BatchedSetsum(lanes);
  }

  @Test
  void emptyIsZeroAndSetsumMayBeTakenAgainAfterMoreItems() {
    BatchedSetsum b = new BatchedSetsum();
    assertTrue(b.setsum().isEmpty());
    Setsum expected = new Setsum();
    Random rnd = new Random(1);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < round; i++) {
        byte[] item = new byte[rnd.nextInt(700)];
        rnd.nextBytes(item);
        b.insert(item);
        expected.insert(item);
      }
      assertEquals(expected, b.setsum(), "round " + round);
      assertEquals(expected, b.setsum(), "taken twice, round " + round);
    }
  }

  @Test
  void itemsAroundTheLongestBatchedItemMatchThePlainSetsum() {
    checkAroundTheLongest(BatchedSetsum::new);
  }

  @Test
  void itemsAroundTheLongestBatchedItemMatchThePlainSetsumOnTheLanes() {
    checkAroundTheLongest(onTheLanes());
  }

  private static void checkAroundTheLongest(Supplier<BatchedSetsum> batched) {
    Random rnd = new Random(2);
    int longest = BatchedSetsum.MAX_BLOCKS * Sha3.RATE - 1;
    for (int len = longest - 2; len <= longest + 2; len++) {
      BatchedSetsum b = batched.get();
      Setsum expected = new Setsum();
      for (int i = 0; i < 17; i++) {
        byte[] key = new byte[rnd.nextInt(50)];
        byte[] value = new byte[len - 9 - key.length];
        rnd.nextBytes(key);
        rnd.nextBytes(value);
        b.insertPut(key, i, value);
        expected.insertPut(key, i, value);
        b.insertDel(value, i);
        expected.insertDel(value, i);
      }
      assertEquals(expected, b.setsum(), "length " + len);
    }
  }

  @Test
  void keyValuesTombstonesAndRemovalsMatchThePlainSetsum() {
    checkMix(BatchedSetsum::new);
  }

  @Test
  void keyValuesTombstonesAndRemovalsMatchThePlainSetsumOnTheLanes() {
    checkMix(onTheLanes());
  }

  private static void checkMix(Supplier<BatchedSetsum> batched) {
    Random rnd = new Random(3);
    BatchedSetsum b = batched.get();
    Setsum expected = new Setsum();
    for (int i = 0; i < 5000; i++) {
      byte[] key = new byte[rnd.nextInt(40)];
      byte[] value = new byte[rnd.nextInt(1500)];
      rnd.nextBytes(key);
      rnd.nextBytes(value);
      KeyValue kv = rnd.nextInt(10) == 0 ? KeyValue.del(key, i) : KeyValue.put(key, i, value);
      b.insert(kv);
      expected.insert(kv);
      if (rnd.nextInt(4) == 0) {
        b.remove(value);
        expected.remove(value);
      }
    }
    assertEquals(expected, b.setsum());
  }
}
