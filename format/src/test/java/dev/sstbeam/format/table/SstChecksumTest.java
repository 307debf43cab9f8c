package dev.sstbeam.format.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.wire.Bytes;
import dev.sstbeam.format.wire.Crc32c;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SstChecksum cuts its runs at the index's restart points: every item is counted once, whatever
 * the number of threads, and an index whose restarts do not fall on its entries still gives the
 * table's own answer (from the list of its blocks).
 */
class SstChecksumTest {
  private static final int ITEMS = 20_000;

  @TempDir Path dir;

  /** A table of small blocks, hundreds of them, so that its index holds dozens of restarts. */
  private Path manyBlocks() throws Exception {
    Path p = dir.resolve("many.sst");
    SstOptions options = SstOptions.builder().targetBlockSize(512).build();
    Random rnd = new Random(7);
    try (SstWriter w = SstWriter.create(p, options)) {
      for (int i = 0; i < ITEMS; i++) {
        byte[] key = String.format("key/%06d", i).getBytes(StandardCharsets.US_ASCII);
        if (i % 7 == 3) {
          w.del(key, i);
        } else {
          byte[] value = new byte[rnd.nextInt(40)];
          rnd.nextBytes(value);
          w.put(key, i, value);
        }
      }
      w.seal();
    }
    return p;
  }

  @Test
  void runsCutAtTheIndexRestartsCountEveryItemOnce() throws Exception {
    try (Sst sst = Sst.open(manyBlocks())) {
      Block index = sst.indexBlock();
      assertTrue(index.restartCount() >= 8, "restarts: " + index.restartCount());
      int[] bounds = SstChecksum.restartBounds(index, 8);
      assertNotNull(bounds);
      assertEquals(9, bounds.length);
      assertEquals(index.restart(0), bounds[0]);
      assertEquals(index.restartsBoundary(), bounds[8]);
      for (int threads = 1; threads <= 5; threads++) {
        SstChecksum c = SstChecksum.of(sst, threads);
        assertEquals(sst.fastSetsum().hexDigest(), c.setsum().hexDigest(), threads + " threads");
        assertEquals(ITEMS, c.items(), threads + " threads");
        assertTrue(c.cutAtRestarts(), threads + " threads");
      }
    }
  }

  @Test
  void anIndexWithOneRestartIsNotCut() throws Exception {
    Path p = dir.resolve("one.sst");
    try (SstWriter w = SstWriter.create(p)) {
      w.put(new byte[] {1}, 1, new byte[] {2});
      w.seal();
    }
    try (Sst sst = Sst.open(p)) {
      assertNull(SstChecksum.restartBounds(sst.indexBlock(), 8));
      SstChecksum c = SstChecksum.of(sst, 2);
      assertEquals(1, c.items());
      assertFalse(c.cutAtRestarts());
    }
  }

  /**
   * Restart 4 of the index moved one byte into its entry, with the index's CRC mended so that the
   * table opens: the restarts chosen still rise, but the entries of the run before overrun it. The
   * answer is still the table's, from the list of blocks.
   */
  @Test
  void aRestartInsideAnEntryGivesTheAnswerOfTheListOfBlocks() throws Exception {
    Path p = manyBlocks();
    byte[] file = Files.readAllBytes(p);
    String expected;
    byte[] raw;
    int restarts;
    try (Sst sst = Sst.open(p)) {
      expected = sst.fastSetsum().hexDigest();
      Block index = sst.indexBlock();
      raw = Arrays.copyOfRange(index.data(), index.base(), index.base() + index.length());
      restarts = index.restartCount();
    }
    int at = indexOf(file, raw);
    int oldCrc = Crc32c.of(raw, 0, raw.length);
    // The restarts are LE32 offsets before the block's last 5 bytes (FORMAT.md §5.3).
    int moved = raw.length - 5 - 4 * restarts + 4 * 4;
    Bytes.putLE32(raw, moved, Bytes.getLE32(raw, moved) + 1);
    System.arraycopy(raw, 0, file, at, raw.length);
    // The index's metadata in the final block: 7d LE32(crc32c of the raw block).
    byte[] crcField = new byte[5];
    crcField[0] = 0x7d;
    Bytes.putLE32(crcField, 1, oldCrc);
    int crcAt = indexOf(file, crcField);
    Bytes.putLE32(file, crcAt + 1, Crc32c.of(raw, 0, raw.length));
    Path bad = dir.resolve("bad-restart.sst");
    Files.write(bad, file);
    try (Sst sst = Sst.open(bad)) {
      int[] bounds = SstChecksum.restartBounds(sst.indexBlock(), restarts);
      assertNotNull(bounds, "the moved restart still rises");
      assertEquals(Bytes.getLE32(raw, moved), bounds[4]);
      for (int threads = 1; threads <= 3; threads++) {
        SstChecksum c = SstChecksum.of(sst, threads);
        assertEquals(expected, c.setsum().hexDigest(), threads + " threads");
        assertEquals(ITEMS, c.items(), threads + " threads");
        assertFalse(c.cutAtRestarts(), threads + " threads");
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    int found = -1;
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        assertEquals(-1, found, "found twice");
        found = i;
      }
    }
    assertTrue(found >= 0, "not found");
    return found;
  }

  @Test
  void theRawIndexOfTheTestTableHoldsItsRestarts() throws Exception {
    try (Sst sst = Sst.open(manyBlocks())) {
      Block index = sst.indexBlock();
      byte[] raw = Arrays.copyOfRange(index.data(), index.base(), index.base() + index.length());
      int first = raw.length - 5 - 4 * index.restartCount();
      long[] read = new long[index.restartCount()];
      long[] expected = new long[index.restartCount()];
      for (int i = 0; i < read.length; i++) {
        read[i] = Bytes.getLE32(raw, first + 4 * i) & 0xffffffffL;
        expected[i] = index.restart(i);
      }
      assertArrayEquals(expected, read);
    }
  }
}
