package dev.sstbeam.format.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.testsupport.LogGen;
import dev.sstbeam.format.testsupport.Reads;
import dev.sstbeam.format.testsupport.Vectors;
import dev.sstbeam.format.wire.Varint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: every truncation and thousands of seeded single-byte corruptions of small logs, and a
 * sampling of both for generated logs with a FIRST/SECOND split and with padding at a 1 MiB
 * boundary. Readers (sequential and block-range), {@link LogRepair#findTruncationPoint} and
 * {@link LogRepair#truncateFinalPartialFrame} either succeed or fail with an {@link SstException}
 * carrying a FORMAT.md §9 code — never another exception, never a hang. For truncations the
 * answers are exact: the records that are complete, a clean end unless a record is torn, and the
 * cut point just after the last complete record.
 */
class LogRobustnessTest {
  private static final int B = LogGen.B;
  private static final Duration LIMIT = Duration.ofSeconds(120);

  /** A valid log and its records. */
  static final class Model {
    final byte[] bytes;
    /** {start, end, end of the FIRST frame or -1} of every record. */
    final List<long[]> records = new ArrayList<>();
    final List<List<KeyValue>> items = new ArrayList<>();

    Model(byte[] bytes) {
      this.bytes = bytes;
    }

    void add(long start, long end, List<KeyValue> recordItems) {
      long nb = (start / B + 1) * B;
      long firstEnd = -1;
      if (end > nb) {
        firstEnd = nb - 10 + Varint.length(nb - start - 19);
      }
      records.add(new long[] {start, end, firstEnd});
      items.add(recordItems);
    }

    List<KeyValue> all() {
      List<KeyValue> out = new ArrayList<>();
      items.forEach(out::addAll);
      return out;
    }

    static Model ofVector(String name) throws Exception {
      Path path = Vectors.file("log", name + ".log");
      Model m = new Model(Files.readAllBytes(path));
      Reads.Outcome seq = Reads.readAll(path);
      assertNull(seq.error);
      List<KeyValue> cur = null;
      for (int i = 0; i < seq.items.size(); i++) {
        if (i == 0 || !seq.recordStarts.get(i).equals(seq.recordStarts.get(i - 1))) {
          cur = new ArrayList<>();
          m.add(seq.recordStarts.get(i), seq.recordEnds.get(i), cur);
        }
        cur.add(seq.items.get(i));
      }
      return m;
    }

    static Model ofGen(LogGen gen) throws Exception {
      Model m = new Model(Files.readAllBytes(gen.path()));
      for (LogGen.Record r : gen.records) {
        m.add(r.start, r.end, r.items);
      }
      return m;
    }
  }

  // ---- the logs --------------------------------------------------------------------------------

  /** Small records, a 1 MiB filler, then a record split across B into FIRST/SECOND, then more. */
  static Model splitLog(Path dir) throws Exception {
    LogGen gen = LogGen.create(dir.resolve("split-source.log"), 77);
    gen.appendOfSize(300);
    gen.appendOfSize(1000);
    gen.padTo(B - 300);
    gen.appendOfSize(100);
    gen.appendOfSize(60);
    LogGen.Record split = gen.appendOfSize(400);
    gen.appendOfSize(50);
    gen.appendOfSize(200);
    gen.seal();
    assertTrue(split.split());
    return Model.ofGen(gen);
  }

  /** A record ending 10 bytes before B, so the next one follows 10 zero bytes of padding. */
  static Model paddedLog(Path dir) throws Exception {
    LogGen gen = LogGen.create(dir.resolve("padded-source.log"), 78);
    gen.appendOfSize(500);
    gen.padTo(B - 10);
    LogGen.Record after = gen.appendOfSize(120);
    gen.appendOfSize(40);
    gen.seal();
    assertEquals(B, after.start);
    return Model.ofGen(gen);
  }

  // ---- truncations -----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"one", "small", "empty_kv"})
  void everyTruncationOfASmallVectorLog(String name, @TempDir Path dir) throws Exception {
    Model m = Model.ofVector(name);
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          for (int t = 0; t <= m.bytes.length; t++) {
            checkTruncation(m, t, dir);
          }
        });
  }

  @Test
  void sampledTruncationsOfALogWithASplitRecord(@TempDir Path dir) throws Exception {
    Model m = splitLog(dir);
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          for (long t : interestingOffsets(m, 30, new Random(1))) {
            checkTruncation(m, (int) t, dir);
          }
        });
  }

  @Test
  void sampledTruncationsOfALogWithPaddingBeforeABoundary(@TempDir Path dir) throws Exception {
    Model m = paddedLog(dir);
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          for (long t : interestingOffsets(m, 10, new Random(2))) {
            checkTruncation(m, (int) t, dir);
          }
        });
  }

  /** The log cut to {@code t} bytes: exact answers from every reader and both repair functions. */
  private static void checkTruncation(Model m, int t, Path dir) throws Exception {
    String ctx = "cut to " + t;
    Path path = dir.resolve("cut.log");
    Files.write(path, Arrays.copyOf(m.bytes, t));

    List<KeyValue> complete = new ArrayList<>();
    long lastEnd = 0;
    long lastWholeOrSecondEnd = 0;
    boolean torn = false;
    boolean afterFirst = false; // the file ends after a complete FIRST frame, in or after its padding
    for (int i = 0; i < m.records.size(); i++) {
      long[] r = m.records.get(i);
      if (r[1] <= t) {
        complete.addAll(m.items.get(i));
        lastEnd = r[1];
        lastWholeOrSecondEnd = r[1];
      } else if (r[0] < t) {
        torn = true;
        long nb = (r[0] / B + 1) * B;
        afterFirst = r[2] >= 0 && t >= r[2] && t <= nb;
      }
    }

    // Sequential reader: exactly the complete records, then a clean end or an end-of-file error.
    Reads.Outcome seq = Reads.readAll(path);
    assertEquals(complete, seq.items, ctx);
    if (torn) {
      assertNotNull(seq.error, ctx + ": a torn record must not read as a clean end");
      assertEndedEarly(seq.error, ctx);
    } else {
      assertNull(seq.error, () -> ctx + ": " + seq.error);
    }

    // findTruncationPoint: the end of the last complete record when torn, else nothing to cut.
    OptionalLong cut = LogRepair.findTruncationPoint(path);
    if (torn) {
      assertEquals(OptionalLong.of(lastEnd), cut, ctx);
      Path cutPath = dir.resolve("repaired.log");
      Files.write(cutPath, Arrays.copyOf(m.bytes, (int) lastEnd));
      Reads.Outcome repaired = Reads.readAll(cutPath);
      assertNull(repaired.error, ctx);
      assertEquals(complete, repaired.items, ctx);
    } else {
      assertEquals(OptionalLong.empty(), cut, ctx);
    }

    // Rust's truncate_final_partial_frame: helps only after a complete FIRST frame.
    if (!torn) {
      assertEquals(OptionalLong.empty(), LogRepair.truncateFinalPartialFrame(path), ctx);
    } else if (afterFirst) {
      assertEquals(
          OptionalLong.of(lastWholeOrSecondEnd), LogRepair.truncateFinalPartialFrame(path), ctx);
    } else {
      try {
        LogRepair.truncateFinalPartialFrame(path);
        fail(ctx + ": truncateFinalPartialFrame accepted a frame cut short");
      } catch (SstException e) {
        assertEndedEarly(e, ctx);
      }
    }

    // Range readers: each returns exactly its complete records; an owned torn record is an error.
    LogRanges plan = LogRanges.plan(path);
    for (long a = 0; a < plan.blocks(); a++) {
      for (long b = a + 1; b <= plan.blocks(); b++) {
        List<KeyValue> owned = new ArrayList<>();
        boolean ownedTorn = false;
        for (int i = 0; i < m.records.size(); i++) {
          long[] r = m.records.get(i);
          if (r[0] >= a * B && r[0] < b * B) {
            if (r[1] <= t) {
              owned.addAll(m.items.get(i));
            } else if (r[0] < t) {
              ownedTorn = true;
            }
          }
        }
        for (int which = 0; which < 2; which++) {
          String what = ctx + (which == 0 ? " plan.open(" : " openRange(") + a + ", " + b + ")";
          LogReader reader = which == 0 ? plan.open(a, b) : LogRanges.openRange(path, a, b);
          Reads.Outcome o = Reads.drain(reader, what);
          assertEquals(owned, o.items, what);
          if (ownedTorn) {
            assertNotNull(o.error, what + ": a torn record must not read as a clean end");
          }
          if (!torn) {
            assertNull(o.error, () -> what + ": " + o.error);
          }
          if (o.error != null) {
            assertEndedEarly(o.error, what);
          }
        }
      }
    }
  }

  /** Truncation errors are end-of-file errors: UnexpectedEof, or a FIRST without its SECOND. */
  private static void assertEndedEarly(SstException e, String ctx) {
    boolean eof =
        e.code() == ErrorCode.SYSTEM_ERROR && "UnexpectedEof".equals(e.fields().get("kind"));
    boolean noSecond = e.code() == ErrorCode.CORRUPTION_TRUNCATION_NO_SECOND_HEADER;
    assertTrue(eof || noSecond, () -> ctx + ": unexpected error for a cut file: " + e.getMessage());
  }

  /** Offsets around every frame edge near the start and around the block boundaries, plus random ones. */
  private static TreeSet<Long> interestingOffsets(Model m, int random, Random rnd) {
    TreeSet<Long> out = new TreeSet<>();
    long size = m.bytes.length;
    for (long[] r : m.records) {
      boolean near = r[0] < 4096 || Math.abs(r[0] - B) < 1024 || Math.abs(r[1] - B) < 1024;
      if (!near) {
        continue;
      }
      for (long d : new long[] {0, 1, 2, 5, 9, 10, 11, 12, 13, 20}) {
        out.add(r[0] + d);
      }
      for (long d = -2; d <= 1; d++) {
        out.add(r[1] + d);
      }
      out.add((r[0] + r[1]) / 2);
      if (r[2] >= 0) {
        for (long d = -1; d <= 12; d++) {
          out.add(r[2] + d);
        }
      }
    }
    for (long d = -25; d <= 25; d++) {
      out.add(B + d);
    }
    for (int i = 0; i < random; i++) {
      out.add((long) rnd.nextInt((int) size + 1));
    }
    out.add(0L);
    out.add(size);
    out.removeIf(x -> x < 0 || x > size);
    return out;
  }

  // ---- corruption --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"one", "small", "empty_kv"})
  void singleByteCorruptionsOfASmallVectorLog(String name, @TempDir Path dir) throws Exception {
    Model m = Model.ofVector(name);
    Random rnd = new Random(name.hashCode());
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          for (int pos = 0; pos < m.bytes.length; pos++) {
            // Every bit of short logs, otherwise a random bit or a random byte value.
            if (m.bytes.length <= 200) {
              for (int bit = 0; bit < 8; bit++) {
                checkCorruption(m, pos, (byte) (m.bytes[pos] ^ (1 << bit)), dir);
              }
            } else if (pos % 2 == 0) {
              checkCorruption(m, pos, (byte) (m.bytes[pos] ^ (1 << rnd.nextInt(8))), dir);
            } else {
              checkCorruption(m, pos, (byte) (m.bytes[pos] ^ (1 + rnd.nextInt(255))), dir);
            }
          }
          for (int i = 0; i < 500; i++) {
            int pos = rnd.nextInt(m.bytes.length);
            checkCorruption(m, pos, (byte) (m.bytes[pos] ^ (1 + rnd.nextInt(255))), dir);
          }
        });
  }

  @Test
  void sampledCorruptionsOfALogWithASplitRecord(@TempDir Path dir) throws Exception {
    Model m = splitLog(dir);
    Random rnd = new Random(3);
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          for (long pos : interestingOffsets(m, 20, rnd)) {
            if (pos < m.bytes.length) {
              checkCorruption(m, (int) pos, (byte) (m.bytes[(int) pos] ^ (1 + rnd.nextInt(255))), dir);
            }
          }
        });
  }

  @Test
  void sampledCorruptionsOfALogWithPadding(@TempDir Path dir) throws Exception {
    Model m = paddedLog(dir);
    Random rnd = new Random(4);
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          for (long pos : interestingOffsets(m, 10, rnd)) {
            if (pos < m.bytes.length) {
              checkCorruption(m, (int) pos, (byte) (m.bytes[(int) pos] ^ (1 + rnd.nextInt(255))), dir);
            }
          }
        });
  }

  /**
   * The log with byte {@code pos} replaced: the sequential reader gives a prefix of the records
   * then an SstException, or all of them and a clean end; the range readers and both repair
   * functions only ever fail with an SstException; a cut point, if any, leaves a readable log.
   */
  private static void checkCorruption(Model m, int pos, byte value, Path dir) throws Exception {
    String ctx = String.format("byte %d %02x -> %02x", pos, m.bytes[pos], value);
    byte[] bad = m.bytes.clone();
    bad[pos] = value;
    Path path = dir.resolve("bad.log");
    Files.write(path, bad);
    List<KeyValue> all = m.all();

    Reads.Outcome seq = Reads.readAll(path);
    assertPrefix(all, seq, ctx);

    OptionalLong cut;
    try {
      cut = LogRepair.findTruncationPoint(path);
    } catch (SstException e) {
      cut = null;
      assertNotNull(seq.error, ctx + ": findTruncationPoint failed on a readable log");
    } catch (RuntimeException e) {
      throw new AssertionError(ctx + ": findTruncationPoint threw " + e, e);
    }
    if (cut != null && cut.isPresent()) {
      assertNotNull(seq.error, ctx + ": a cut for a readable log");
      assertTrue(cut.getAsLong() <= bad.length, ctx);
      Path cutPath = dir.resolve("bad-cut.log");
      Files.write(cutPath, Arrays.copyOf(bad, (int) cut.getAsLong()));
      Reads.Outcome repaired = Reads.readAll(cutPath);
      assertNull(repaired.error, () -> ctx + ": the cut log does not read: " + repaired.error);
      // A frame size corrupted to run past the end of the file looks exactly like a torn tail,
      // so the cut may drop the records after it; it keeps every record the reader could read.
      assertEquals(seq.items, repaired.items, ctx + " (cut)");
    } else if (cut != null) {
      assertNull(seq.error, ctx + ": no cut for an unreadable log");
    }

    try {
      LogRepair.truncateFinalPartialFrame(path);
    } catch (SstException e) {
      // fine: any §9 error
    } catch (RuntimeException e) {
      throw new AssertionError(ctx + ": truncateFinalPartialFrame threw " + e, e);
    }

    LogRanges plan;
    try {
      plan = LogRanges.plan(path);
    } catch (RuntimeException e) {
      throw new AssertionError(ctx + ": plan threw " + e, e);
    }
    for (long a = 0; a < plan.blocks(); a++) {
      for (long b = a + 1; b <= plan.blocks(); b++) {
        for (int which = 0; which < 2; which++) {
          String what = ctx + (which == 0 ? " plan.open(" : " openRange(") + a + ", " + b + ")";
          LogReader reader;
          try {
            reader = which == 0 ? plan.open(a, b) : LogRanges.openRange(path, a, b);
          } catch (SstException e) {
            continue;
          } catch (RuntimeException e) {
            throw new AssertionError(what + ": open threw " + e, e);
          }
          Reads.Outcome o = Reads.drain(reader, what);
          if (a == 0 && b == plan.blocks()) {
            assertPrefix(all, o, what);
          }
        }
      }
    }
  }

  /** Items are a prefix of {@code all}; a clean end only with every item. */
  private static void assertPrefix(List<KeyValue> all, Reads.Outcome o, String ctx) {
    assertTrue(o.items.size() <= all.size(), ctx + ": more items than written");
    assertEquals(all.subList(0, o.items.size()), o.items, ctx + ": not a prefix");
    if (o.error == null) {
      assertEquals(all.size(), o.items.size(), ctx + ": clean end before the last record");
    }
  }
}
