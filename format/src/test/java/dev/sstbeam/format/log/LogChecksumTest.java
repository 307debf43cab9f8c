package dev.sstbeam.format.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.testsupport.LogGen;
import dev.sstbeam.format.testsupport.Reads;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LogChecksum: the setsum and record count of a log, or of a block range, by block ranges on
 * several threads, equal to a sequential scan; on a log long enough for several tasks.
 */
class LogChecksumTest {
  private static final int B = LogGen.B;

  @Test
  void manyTasksOnSeveralThreadsGiveTheWritersSetsum(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("long.log");
    LogGen gen = LogGen.create(path, 40);
    gen.padTo(B - 25);
    for (int i = 0; i < 36; i++) {
      gen.appendOfSize(i % 3 == 0 ? B : B / 2 + 7 * i);
    }
    Setsum sealed = gen.seal();
    LogRanges plan = LogRanges.plan(path);
    assertTrue(plan.blocks() > LogChecksum.BLOCKS_PER_TASK, "needs several tasks");
    assertEquals(gen.expectedSetsum(), sealed);
    for (int threads : new int[] {1, 2, 3, 8}) {
      LogChecksum c = LogChecksum.of(path, threads);
      assertEquals(sealed, c.setsum(), threads + " threads");
      assertEquals(gen.allItems().size(), c.records(), threads + " threads");
    }
    List<KeyValue> all = gen.allItems();
    Reads.Outcome seq = Reads.readAll(path);
    for (long[] r : new long[][] {{0, 1}, {3, 20}, {16, 17}, {5, plan.blocks()}, {0, plan.blocks() + 4}}) {
      Setsum expected = new Setsum();
      long count = 0;
      for (int i = 0; i < all.size(); i++) {
        long s = seq.recordStarts.get(i);
        if (s >= r[0] * B && s < r[1] * B) {
          expected.insert(all.get(i));
          count++;
        }
      }
      LogChecksum c = LogChecksum.of(plan, new BlockRange(r[0], r[1]), 2);
      assertEquals(expected, c.setsum(), r[0] + ":" + r[1]);
      assertEquals(count, c.records(), r[0] + ":" + r[1]);
    }
  }

  static List<String> badLogs() {
    return Vectors.badLogNames();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLogs")
  void badLogsFailWithTheSequentialReadersError(String name) throws Exception {
    Path path = Vectors.file("bad", name + ".log");
    Map<String, Object> expect = Vectors.obj(Vectors.json(Vectors.file("bad", name + ".json")), "expect");
    Reads.Outcome seq = Reads.readAll(path);
    if (Vectors.num(expect, "exit_status") == 0) {
      assertEquals(seq.items.size(), LogChecksum.of(path, 2).records());
    } else {
      SstException e = assertThrows(SstException.class, () -> LogChecksum.of(path, 2));
      assertEquals(Vectors.str(expect, "error_code"), e.code().code());
    }
  }
}
