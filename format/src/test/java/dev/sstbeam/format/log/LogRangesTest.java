package dev.sstbeam.format.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.testsupport.LogGen;
import dev.sstbeam.format.testsupport.Reads;
import dev.sstbeam.format.testsupport.Vectors;
import dev.sstbeam.format.wire.ByteBuilder;
import dev.sstbeam.format.wire.Bytes;
import dev.sstbeam.format.wire.Crc32c;
import dev.sstbeam.format.wire.EntryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Block-range reading (FORMAT.md §4.9): for every range {@code [a, b)} of a log's blocks, both
 * {@link LogRanges#open} (planned) and {@link LogRanges#openRange} (local walk-back) return exactly
 * the records whose first byte lies in {@code [a·B, b·B)}, in order, and every partition of the
 * blocks concatenates to the sequential reader's output. Run on every vector log and on logs
 * written here with SECOND frames that cross a boundary (mid-payload boundaries) whose payload
 * bytes at the boundary imitate frame headers.
 */
class LogRangesTest {
  private static final int B = LogGen.B;

  /** What a log must contain: items in order, each with the start of its record. */
  static final class Expected {
    final List<KeyValue> items = new ArrayList<>();
    final List<Long> starts = new ArrayList<>();
    /** {start, end} of every record. */
    final List<long[]> records = new ArrayList<>();

    static Expected of(List<LogGen.Record> records) {
      Expected e = new Expected();
      for (LogGen.Record r : records) {
        e.records.add(new long[] {r.start, r.end});
        for (KeyValue kv : r.items) {
          e.items.add(kv);
          e.starts.add(r.start);
        }
      }
      return e;
    }

    static Expected of(Reads.Outcome seq) {
      Expected e = new Expected();
      for (int i = 0; i < seq.items.size(); i++) {
        e.items.add(seq.items.get(i));
        e.starts.add(seq.recordStarts.get(i));
        if (i == 0 || !seq.recordStarts.get(i).equals(seq.recordStarts.get(i - 1))) {
          e.records.add(new long[] {seq.recordStarts.get(i), seq.recordEnds.get(i)});
        }
      }
      return e;
    }

    /** Boundaries k·B that fall strictly inside a SECOND frame's payload. */
    boolean midPayload(long k) {
      long at = k * B;
      for (long[] r : records) {
        long secondStart = (r[0] / B + 1) * B;
        if (r[1] > secondStart && at > secondStart && at < r[1]) {
          return true;
        }
      }
      return false;
    }
  }

  static List<String> logs() {
    return Vectors.logNames();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void everyRangeOfEveryVectorLogReturnsExactlyTheRecordsItOwns(String name) throws Exception {
    Path path = Vectors.file("log", name + ".log");
    Reads.Outcome seq = Reads.readAll(path);
    assertNull(seq.error);
    assertRangesExact(path, Expected.of(seq), name.hashCode());
  }

  @Test
  void maxBatchVectorHasAMidPayloadBoundaryThatThePlanFinds() throws Exception {
    Path path = Vectors.file("log", "max_batch.log");
    Expected e = Expected.of(Reads.readAll(path));
    LogRanges plan = LogRanges.plan(path);
    int mids = 0;
    for (long k = 0; k < plan.blocks(); k++) {
      mids += plan.isMidPayload(k) ? 1 : 0;
      assertEquals(e.midPayload(k), plan.isMidPayload(k), "boundary " + k);
    }
    assertEquals(1, mids, "max_batch.log's 1 MiB batch crosses one boundary mid-payload");
  }

  // ---- generated logs -------------------------------------------------------------------------

  static IntStream offsetsBeforeBoundary() {
    return IntStream.rangeClosed(20, 40);
  }

  /**
   * A batch of exactly 1 MiB starting r bytes before boundary B: its FIRST carries r − 19 bytes and
   * its SECOND, at B, crosses 2·B iff r ≤ 30. The batch bytes that land on 2·B imitate frame
   * headers (a WHOLE of size 0 with a correct CRC, a FIRST, padding, a SECOND...).
   */
  @ParameterizedTest(name = "r = {0}")
  @MethodSource("offsetsBeforeBoundary")
  void oneMebibyteBatchStartingRBytesBeforeABoundary(int r, @TempDir Path dir) throws Exception {
    byte[][] fakes = {
      unhex("09500058016500000000"), // r=21: a whole WHOLE header, size 0, CRC 0
      unhex("095000580265000000"), // r=22: a FIRST header of size 0
      unhex("0000000000000000"), // r=23: padding
      unhex("0a50ff7f580365"), // r=24: a SECOND header
      unhex("0950005801"), // r=25..: prefixes of a WHOLE header
    };
    int f = r - 19;
    int j = f + B - 12; // batch offset landing on 2·B when the SECOND crosses it
    int over = B - j; // bytes of the SECOND past 2·B
    Path path = dir.resolve("r" + r + ".log");
    LogGen gen = LogGen.create(path, r);
    gen.padTo(B - r);
    List<KeyValue> big;
    byte[] fake = null;
    if (over > 0 && r > 20) {
      fake = fakes[Math.min(r - 21, fakes.length - 1)];
      fake = Arrays.copyOf(fake, Math.min(fake.length, over));
      big = gen.itemsOfSize(B, j, fake);
    } else {
      big = gen.itemsOfSize(B);
    }
    LogGen.Record rec = gen.append(big);
    assertEquals(B - r, rec.start);
    for (int i = 0; i < 3; i++) {
      gen.appendOfSize(40 + 30 * i);
    }
    gen.seal();

    if (fake != null) {
      byte[] file = Files.readAllBytes(path);
      assertEquals(
          Vectors.hex(fake),
          Vectors.hex(Arrays.copyOfRange(file, 2 * B, 2 * B + fake.length)),
          "the crafted bytes sit on boundary 2·B");
    }
    boolean crosses = r <= 30;
    assertEquals(crosses, rec.end > 2L * B);
    if (crosses) {
      assertEquals(2L * B + 31 - r, rec.end, "the SECOND ends 31 − r bytes into block 2");
    }
    LogRanges plan = assertRangesExact(path, Expected.of(gen.records), r);
    assertEquals(crosses, plan.isMidPayload(2));
    assertFalse(plan.isMidPayload(1));
  }

  /**
   * r = 20: the 11 bytes of the SECOND past 2·B are a complete, CRC-valid WHOLE header whose
   * 11-byte payload — the next record's genuine frame header preceded by {@code 42} — decodes as a
   * valid put of the empty key. A reader that trusted the bytes at 2·B would return it.
   */
  @Test
  void midPayloadBoundaryImitatingACrcValidWholeFrameWithARealEntry(@TempDir Path dir)
      throws Exception {
    Path path = dir.resolve("fake-whole.log");
    LogGen gen = LogGen.create(path, 20);
    gen.padTo(B - 20);
    // The record after the crossing one: a small batch, 9-byte header (hlen 09).
    List<KeyValue> next = gen.itemsOfSize(60);
    byte[] nextPayload = encode(next);
    byte[] nextHeader = new byte[10];
    nextHeader[0] = 9;
    nextHeader[1] = 0x50;
    nextHeader[2] = (byte) nextPayload.length;
    nextHeader[3] = 0x58;
    nextHeader[4] = 1;
    nextHeader[5] = 0x65;
    Bytes.putLE32(nextHeader, 6, Crc32c.of(nextPayload, 0, nextPayload.length));
    // Fake payload: 42 then the genuine next header = a put entry whose body holds fields 10,
    // 11 and 12, all unknown to KeyValuePut: ("", 0, "").
    byte[] fakePayload = new byte[11];
    fakePayload[0] = 0x42;
    System.arraycopy(nextHeader, 0, fakePayload, 1, 10);
    byte[] fake = new byte[11];
    fake[0] = 9;
    fake[1] = 0x50;
    fake[2] = 11;
    fake[3] = 0x58;
    fake[4] = 1;
    fake[5] = 0x65;
    Bytes.putLE32(fake, 6, Crc32c.of(fakePayload, 0, fakePayload.length));
    fake[10] = 0x42;
    LogGen.Record crossing = gen.append(gen.itemsOfSize(B, B - 11, fake));
    LogGen.Record after = gen.append(next);
    gen.seal();

    assertEquals(2L * B + 11, crossing.end);
    assertEquals(2L * B + 11, after.start);
    byte[] file = Files.readAllBytes(path);
    assertEquals(
        Vectors.hex(fake) + Vectors.hex(nextHeader),
        Vectors.hex(Arrays.copyOfRange(file, 2 * B, 2 * B + 21)));
    // The fake frame really is valid: its CRC matches the 11 bytes after it, which decode as a put.
    assertEquals(
        Crc32c.of(file, 2 * B + 10, 11), Bytes.getLE32(file, 2 * B + 6), "fake CRC");

    LogRanges plan = assertRangesExact(path, Expected.of(gen.records), 20);
    assertTrue(plan.isMidPayload(2));
  }

  /**
   * r = 20: the bytes at 2·B parse as a SECOND header whose frame would cross 3·B (its CRC's last
   * byte is the next record's header length byte). Boundary 3·B is genuine; the local walk-back
   * must not be fooled into treating it as mid-payload.
   */
  @Test
  void midPayloadBoundaryImitatingASecondHeaderThatCrossesTheNextBoundary(@TempDir Path dir)
      throws Exception {
    Path path = dir.resolve("fake-second.log");
    LogGen gen = LogGen.create(path, 21);
    gen.padTo(B - 20);
    byte[] fake = unhex("0b50" + "ffff3f" + "5803" + "65" + "123456"); // SECOND of size 1048575
    gen.append(gen.itemsOfSize(B, B - 11, fake));
    gen.appendOfSize(100);
    gen.padTo(3L * B - 500);
    gen.appendOfSize(2000); // a FIRST/SECOND pair across 3·B
    gen.appendOfSize(300);
    gen.seal();
    byte[] file = Files.readAllBytes(path);
    assertEquals(Vectors.hex(fake), Vectors.hex(Arrays.copyOfRange(file, 2 * B, 2 * B + 11)));

    LogRanges plan = assertRangesExact(path, Expected.of(gen.records), 21);
    assertTrue(plan.isMidPayload(2));
    assertFalse(plan.isMidPayload(3));
  }

  @Test
  void batchesOfBMinus10AndBMinus11AtTwentyBytesBeforeABoundary(@TempDir Path dir)
      throws Exception {
    // B − 10 crosses 2·B by one byte; B − 11 ends exactly on 2·B (which then holds a header).
    for (int len : new int[] {B - 10, B - 11}) {
      Path path = dir.resolve("len" + len + ".log");
      LogGen gen = LogGen.create(path, len);
      gen.padTo(B - 20);
      LogGen.Record rec = gen.appendOfSize(len);
      gen.appendOfSize(50);
      gen.seal();
      assertEquals(len == B - 10 ? 2L * B + 1 : 2L * B, rec.end);
      LogRanges plan = assertRangesExact(path, Expected.of(gen.records), len);
      assertEquals(len == B - 10, plan.isMidPayload(2));
    }
  }

  @Test
  void crossingRecordAtTheEndOfTheFile(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("last.log");
    LogGen gen = LogGen.create(path, 5);
    gen.padTo(B - 25);
    LogGen.Record rec = gen.appendOfSize(B);
    gen.seal();
    assertEquals(2L * B + 6, Files.size(path));
    assertEquals(Files.size(path), rec.end);
    LogRanges plan = assertRangesExact(path, Expected.of(gen.records), 5);
    assertEquals(3, plan.blocks());
    assertTrue(plan.isMidPayload(2));
  }

  @Test
  void consecutiveOneMebibyteBatches(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("from-zero.log");
    LogGen gen = LogGen.create(a, 1);
    for (int i = 0; i < 4; i++) {
      gen.appendOfSize(B);
    }
    gen.seal();
    assertRangesExact(a, Expected.of(gen.records), 1);

    // The first crosses 2·B mid-payload; the next starts 11 bytes into block 2.
    Path b = dir.resolve("crossing.log");
    LogGen gen2 = LogGen.create(b, 2);
    gen2.padTo(B - 20);
    for (int i = 0; i < 3; i++) {
      gen2.appendOfSize(B);
    }
    gen2.seal();
    assertEquals(2L * B + 11, gen2.records.get(gen2.records.size() - 2).start);
    LogRanges plan = assertRangesExact(b, Expected.of(gen2.records), 2);
    assertTrue(plan.isMidPayload(2));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomLogs(long seed, @TempDir Path dir) throws Exception {
    Path path = dir.resolve("random" + seed + ".log");
    LogGen gen = LogGen.create(path, seed);
    Random rnd = gen.random();
    while (gen.position() < 5L * B + B / 2) {
      int action = rnd.nextInt(100);
      if (action < 40) {
        gen.appendOfSize(18 + rnd.nextInt(2000));
      } else if (action < 60) {
        gen.appendOfSize(2000 + rnd.nextInt(100_000));
      } else if (action < 72) {
        gen.appendOfSize(100_000 + rnd.nextInt(B - 12 - 100_000));
      } else if (action < 82) {
        gen.appendOfSize(B - rnd.nextInt(12));
      } else {
        long nb = (gen.position() / B + 1) * B;
        long target = nb - 1 - rnd.nextInt(45);
        if (target - gen.position() >= LogGen.frameLength(LogGen.MIN_ENTRY)) {
          gen.padTo(target);
        }
      }
    }
    gen.seal();
    assertTrue(gen.records.stream().anyMatch(LogGen.Record::split), "no split record");
    assertRangesExact(path, Expected.of(gen.records), seed);
  }

  static long[] seeds() {
    return new long[] {11, 12, 13};
  }

  // ---- the checks ------------------------------------------------------------------------------

  /**
   * The sequential reader returns exactly {@code e}; every range of both range readers returns the
   * records it owns; partitions concatenate to everything; the plan's mid-payload boundaries are
   * those inside SECOND frames. Returns the plan.
   */
  static LogRanges assertRangesExact(Path path, Expected e, long seed) throws Exception {
    Reads.Outcome seq = Reads.readAll(path);
    assertNull(seq.error, () -> "sequential read failed: " + seq.error);
    assertEquals(e.items.size(), seq.items.size(), "sequential item count");
    assertEquals(e.items, seq.items, "sequential items");
    assertEquals(e.starts, seq.recordStarts, "sequential record starts");

    LogRanges plan = LogRanges.plan(path);
    long blocks = plan.blocks();
    assertEquals(LogRanges.blockCount(Files.size(path)), blocks);
    for (long k = 0; k < blocks; k++) {
      assertEquals(e.midPayload(k), plan.isMidPayload(k), "mid-payload at boundary " + k);
    }

    for (long a = 0; a <= blocks; a++) {
      for (long b = a; b <= blocks + 1; b++) {
        if (b == blocks + 1 && a < blocks) {
          continue; // past the end is checked once below
        }
        assertRange(path, plan, e, a, b);
      }
    }
    assertRange(path, plan, e, 0, blocks + 3);

    Random rnd = new Random(seed);
    List<List<long[]>> partitions = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      List<long[]> parts = new ArrayList<>();
      long a = 0;
      while (a < blocks) {
        long len = p == 0 ? 1 : 1 + rnd.nextInt(3);
        long b = Math.min(blocks, a + len);
        parts.add(new long[] {a, b});
        a = b;
      }
      partitions.add(parts);
    }
    List<long[]> viaSplit = new ArrayList<>();
    for (BlockRange r : plan.split(2)) {
      viaSplit.add(new long[] {r.firstBlock(), r.endBlock()});
    }
    partitions.add(viaSplit);
    for (List<long[]> parts : partitions) {
      for (int which = 0; which < 2; which++) {
        List<KeyValue> all = new ArrayList<>();
        for (long[] part : parts) {
          Reads.Outcome o = read(path, plan, which, part[0], part[1]);
          assertNull(o.error);
          all.addAll(o.items);
        }
        assertEquals(e.items, all, "partition concatenation");
      }
    }
    return plan;
  }

  private static void assertRange(Path path, LogRanges plan, Expected e, long a, long b)
      throws Exception {
    List<KeyValue> items = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < e.items.size(); i++) {
      long s = e.starts.get(i);
      if (s >= a * B && s < b * B) {
        items.add(e.items.get(i));
        starts.add(s);
      }
    }
    for (int which = 0; which < 2; which++) {
      String what = (which == 0 ? "plan.open(" : "openRange(") + a + ", " + b + ")";
      Reads.Outcome o = read(path, plan, which, a, b);
      assertNull(o.error, () -> what + " failed: " + o.error);
      assertEquals(items.size(), o.items.size(), what + " item count");
      assertEquals(items, o.items, what);
      assertEquals(starts, o.recordStarts, what + " record starts");
    }
  }

  private static Reads.Outcome read(Path path, LogRanges plan, int which, long a, long b)
      throws Exception {
    LogReader r = which == 0 ? plan.open(a, b) : LogRanges.openRange(path, a, b);
    return Reads.drain(r, path.getFileName() + " [" + a + ", " + b + ")");
  }

  private static byte[] encode(List<KeyValue> items) {
    ByteBuilder out = new ByteBuilder(64);
    for (KeyValue kv : items) {
      if (kv.isTombstone()) {
        EntryCodec.encodeDel(out, 0, kv.key(), 0, kv.key().length, kv.timestamp());
      } else {
        EntryCodec.encodePut(out, 0, kv.key(), 0, kv.key().length, kv.timestamp(), kv.value());
      }
    }
    return out.toByteArray();
  }

  private static byte[] unhex(String s) {
    return Vectors.unhex(s);
  }
}
