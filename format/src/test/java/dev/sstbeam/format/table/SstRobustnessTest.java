package dev.sstbeam.format.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.testsupport.Vectors;
import dev.sstbeam.format.wire.Varint;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad tables: every truncation of small.sst, a sample of truncations of a multi-block table, and
 * thousands of seeded single-byte corruptions of both. Opening, scanning both ways, metadata, the
 * recomputed setsum, point lookups, seeks and inspection either give exactly the original answers
 * or fail with an {@link SstException} whose code is a FORMAT.md §9 corruption code — never
 * another exception, never a hang, never an allocation out of proportion to the file.
 *
 * <p>Stricter for corruptions: every byte before the final block is covered by a CRC or is an
 * entry's tag or length, so a flip there must fail (a flip inside a block's bytes with
 * crc32c-failure naming that block); only a flip in the final block, which no CRC covers, may
 * read back — and then with exactly the original items.
 */
class SstRobustnessTest {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  /** No reading of a corrupt table of these sizes may allocate more than this. */
  private static final long ALLOCATION_LIMIT = 64L << 20;

  @TempDir Path dir;

  /** What reading a table gave: every answer, or the error it stopped at. */
  static final class Outcome {
    List<KeyValue> forward;
    List<KeyValue> backward;
    List<KeyValue> loads = new ArrayList<>();
    List<KeyValue> seeks = new ArrayList<>();
    List<KeyValue> inspected = new ArrayList<>();
    String scannedSetsum;
    SstException error;
    long allocated;

    /** The answers that depend only on the items (not on the unprotected final block). */
    List<Object> itemAnswers() {
      return List.of(forward, backward, loads, seeks, inspected, scannedSetsum);
    }
  }

  /** A pristine table, its answers and where its data blocks lie. */
  static final class Model {
    final String name;
    final byte[] bytes;
    final List<byte[]> probes = new ArrayList<>();
    final Outcome answers;
    /** {entry start, raw bytes start, limit} of each data block. */
    final List<long[]> dataBlocks = new ArrayList<>();
    final long finalBlockOffset;

    Model(String name, Path path) throws Exception {
      this.name = name;
      this.bytes = Files.readAllBytes(path);
      try (Sst sst = Sst.open(path)) {
        List<KeyValue> items = SstVectorConformanceTest.scanForward(sst);
        for (int i = 0; i < items.size(); i += Math.max(1, items.size() / 12)) {
          probes.add(items.get(i).key());
        }
        probes.add(new byte[0]);
        probes.add(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        for (BlockMetadata m : sst.dataBlocks()) {
          long rawLength = m.limit() - m.start() - 1;
          int lengthBytes = 1;
          while (Varint.length(rawLength - lengthBytes) != lengthBytes) {
            lengthBytes++;
          }
          dataBlocks.add(new long[] {m.start(), m.start() + 1 + lengthBytes, m.limit()});
        }
      }
      this.answers = read(path, probes, name);
      assertTrue(answers.error == null, name + ": " + answers.error);
      long fbo = 0;
      for (int i = 7; i >= 0; i--) {
        fbo = (fbo << 8) | (bytes[bytes.length - 8 + i] & 0xff);
      }
      this.finalBlockOffset = fbo;
    }

    /** The data block {@code {start, rawStart, limit}} holding {@code pos}, or null. */
    long[] dataBlockAt(long pos) {
      for (long[] b : dataBlocks) {
        if (pos >= b[0] && pos < b[2]) {
          return b;
        }
      }
      return null;
    }
  }

  /**
   * Everything a reader can be asked. Only SstException may come out; anything else fails the
   * test naming {@code context}.
   */
  static Outcome read(Path path, List<byte[]> probes, String context) {
    Outcome o = new Outcome();
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    try (Sst sst = Sst.open(path)) {
      o.forward = SstVectorConformanceTest.scanForward(sst);
      o.backward = SstVectorConformanceTest.scanBackward(sst);
      sst.metadata();
      o.scannedSetsum = SstChecksum.of(sst, 1).setsum().hexDigest();
      for (byte[] key : probes) {
        o.loads.add(sst.load(key, -1L));
        o.loads.add(sst.loadWithoutFilter(key, 5));
        try (SstCursor c = sst.cursor()) {
          c.seek(key);
          o.seeks.add(c.keyValue());
          c.prev();
          o.seeks.add(c.keyValue());
        }
      }
      SstInspector inspector = new SstInspector(sst);
      inspector.approximateSize();
      for (BlockMetadata m : inspector.dataBlocks()) {
        SstInspector.Entries e = inspector.entries(m);
        while (e.next()) {
          o.inspected.add(e.keyValue());
        }
      }
    } catch (SstException e) {
      o.error = e;
    } catch (Exception | Error e) {
      throw new AssertionError(context + ": threw " + e, e);
    }
    o.allocated = mx.getCurrentThreadAllocatedBytes() - before;
    return o;
  }

  /** The FORMAT.md §9 codes a corrupt table may give. */
  private static boolean isCorruptionCode(ErrorCode c) {
    String s = c.code();
    return s.startsWith("corruption-") || s.startsWith("unpack-") || c == ErrorCode.CRC32C_FAILURE
        || c == ErrorCode.BLOCK_TOO_SMALL || c == ErrorCode.SYSTEM_ERROR;
  }

  private static void checkError(Outcome o, String what) {
    assertNotNull(o.error, what + ": the corruption went unnoticed");
    assertTrue(isCorruptionCode(o.error.code()), what + ": unexpected code " + o.error.getMessage());
    if (o.error.code() == ErrorCode.SYSTEM_ERROR) {
      assertEquals("UnexpectedEof", o.error.fields().get("kind"), what + ": " + o.error.getMessage());
    }
  }

  private static void checkAllocation(Model m, Outcome o, String what) {
    assertTrue(o.allocated < ALLOCATION_LIMIT + 16L * m.bytes.length,
        what + ": allocated " + o.allocated + " bytes");
  }

  private Model model(String name) throws Exception {
    return new Model(name, Vectors.file("sst", name + ".sst"));
  }

  /** A multi-block table with tombstones, an empty key, 0x00/0xff keys and long shared prefixes. */
  private Model multiBlock() throws Exception {
    Model m = model("prefixes");
    assertTrue(m.dataBlocks.size() >= 10, "data blocks: " + m.dataBlocks.size());
    return m;
  }

  @Test
  void everyTruncationOfSmallFails() throws Exception {
    Model m = model("small");
    assertTimeoutPreemptively(LIMIT, () -> {
      Map<String, Integer> codes = new TreeMap<>();
      Path p = dir.resolve("truncated.sst");
      for (int len = 0; len < m.bytes.length; len++) {
        Files.write(p, java.util.Arrays.copyOf(m.bytes, len));
        String what = "small.sst cut to " + len + " bytes";
        Outcome o = read(p, m.probes, what);
        checkError(o, what);
        checkAllocation(m, o, what);
        codes.merge(o.error.code().code(), 1, Integer::sum);
      }
      assertTrue(codes.containsKey("corruption-file-too-small"), codes.toString());
      assertTrue(codes.containsKey("corruption-final-block-offset-too-large"), codes.toString());
    });
  }

  @Test
  void truncationsOfAMultiBlockTableFail() throws Exception {
    Model m = multiBlock();
    assertTimeoutPreemptively(LIMIT, () -> {
      Path p = dir.resolve("truncated.sst");
      Random r = new Random(0x5_7001L);
      for (int i = 0; i < 1500; i++) {
        int len = i < 300 ? m.bytes.length - 1 - i : r.nextInt(m.bytes.length);
        Files.write(p, java.util.Arrays.copyOf(m.bytes, len));
        String what = "prefixes.sst cut to " + len + " bytes";
        Outcome o = read(p, m.probes, what);
        checkError(o, what);
        checkAllocation(m, o, what);
      }
    });
  }

  @Test
  void everyByteOfSmallsDataBlockFlippedIsACrcFailure() throws Exception {
    Model m = model("small");
    assertTimeoutPreemptively(LIMIT, () -> {
      Random r = new Random(0x5_7002L);
      Path p = dir.resolve("flipped.sst");
      for (long[] block : m.dataBlocks) {
        for (long pos = block[0]; pos < block[2]; pos++) {
          flipAndCheck(m, p, (int) pos, 1 + r.nextInt(255));
        }
      }
    });
  }

  @Test
  void randomFlipsOfSmall() throws Exception {
    randomFlips(model("small"), 0x5_7003L, 2000);
  }

  @Test
  void randomFlipsOfAMultiBlockTable() throws Exception {
    randomFlips(multiBlock(), 0x5_7004L, 2000);
  }

  private void randomFlips(Model m, long seed, int count) {
    assertTimeoutPreemptively(LIMIT, () -> {
      Path p = dir.resolve("flipped.sst");
      Random r = new Random(seed);
      int inBlocks = 0;
      int readBack = 0;
      for (int i = 0; i < count; i++) {
        // A sixth of the flips go to the final block, a sixth to the index, filter and final
        // block, the rest anywhere.
        int afterData = (int) m.dataBlocks.get(m.dataBlocks.size() - 1)[2];
        int pos;
        if (i % 6 == 0) {
          pos = (int) m.finalBlockOffset + r.nextInt(m.bytes.length - (int) m.finalBlockOffset);
        } else if (i % 6 == 1) {
          pos = afterData + r.nextInt(m.bytes.length - afterData);
        } else {
          pos = r.nextInt(m.bytes.length);
        }
        if (m.dataBlockAt(pos) != null) {
          inBlocks++;
        }
        if (flipAndCheck(m, p, pos, 1 + r.nextInt(255))) {
          readBack++;
        }
      }
      assertTrue(inBlocks > count / 4, "flips inside data blocks: " + inBlocks);
      assertTrue(readBack > 0, "some final-block flips read back");
    });
  }

  /**
   * Flips {@code pos} by xor {@code mask}, reads the table, checks the outcome; true when it read
   * back.
   */
  private static boolean flipAndCheck(Model m, Path p, int pos, int mask) throws Exception {
    byte[] b = m.bytes.clone();
    b[pos] ^= (byte) mask;
    Files.write(p, b);
    String what = m.name + ".sst with byte " + pos + " xor " + mask;
    Outcome o = read(p, m.probes, what);
    checkAllocation(m, o, what);
    long[] block = m.dataBlockAt(pos);
    if (block != null && pos >= block[1]) {
      checkError(o, what);
      assertEquals(ErrorCode.CRC32C_FAILURE, o.error.code(), what + ": " + o.error.getMessage());
      assertEquals(Long.toString(block[0]), o.error.fields().get("start"), what);
      assertEquals(Long.toString(block[2]), o.error.fields().get("end"), what);
      return false;
    }
    if (pos < m.finalBlockOffset) {
      checkError(o, what);
      return false;
    }
    if (o.error != null) {
      checkError(o, what);
      return false;
    }
    assertTrue(Objects.equals(m.answers.itemAnswers(), o.itemAnswers()),
        what + ": read back other items");
    return true;
  }
}
