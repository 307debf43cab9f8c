package dev.sstbeam.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.beam.SdfHarness.Split;
import dev.sstbeam.beam.SdfHarness.TagReceiver;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.log.LogOptions;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import java.io.IOException;
import java.io.RandomAccessFile;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LogIO.read on corrupt logs: by default the pipeline fails with the file, offset and FORMAT.md §9
 * code; with corrupt ranges reported, the good records come out and the unreadable range is named.
 */
@ExtendWith(TestPipelineExtension.class)
class LogIOCorruptionTest {

  /** What the sequential reader makes of a log: the records before the failure, and the failure. */
  static final class Sequential {
    final List<KeyValue> records = new ArrayList<>();
    /**
     * Where a corrupt range starts: just past the last record read whole (0 if none) — or, when
     * an entry inside a record fails after the ones before it were returned, that record's start.
     */
    long goodEnd;
    SstException error;
  }

  static Sequential sequential(Path log) throws Exception {
    Sequential s = new Sequential();
    long lastStart = -1;
    LogReader r = LogReader.open(log);
    try {
      for (KeyValue kv = r.next(); kv != null; kv = r.next()) {
        s.records.add(kv);
        s.goodEnd = r.recordEnd();
        lastStart = r.recordStart();
      }
    } catch (SstException e) {
      s.error = e;
      if (lastStart >= 0 && r.recordStart() == lastStart) {
        s.goodEnd = lastStart;
      }
    } finally {
      r.close();
    }
    return s;
  }

  /** The bad vector logs of one block (a range reader then reads exactly like the sequential one). */
  static Stream<String> singleBlockBadLogs() throws IOException {
    try (Stream<Path> files = Files.list(Vectors.dir("bad"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("log_") && f.toString().endsWith(".log"))
          .filter(f -> f.toFile().length() <= LogRanges.BLOCK_SIZE)
          .map(f -> f.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  private static Path bad(String name) {
    return VectorFiles.vector("bad", name);
  }

  @Test
  void aFlippedCrcFailsThePipelineNamingFileOffsetAndCode(TestPipeline p) {
    Path log = bad("log_crc_flipped.log");
    p.apply(LogIO.read().from(log.toString()));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    String m = SstIOReadTest.messages(e);
    assertThat(m, containsString("corruption-crc-checksum-failed"));
    assertThat(m, containsString("(offset 96)"));
    assertThat(m, containsString("in " + log.normalize()));
  }

  @Test
  void reportedCorruptionOfAFlippedCrcGivesTheGoodRecordsRangeAndCounters(TestPipeline p)
      throws Exception {
    Path log = bad("log_crc_flipped.log");
    Sequential s = sequential(log);
    assertEquals(2, s.records.size(), "the vector's stdout lists two records before the failure");
    PCollectionTuple out = p.apply(LogIO.read().from(log.toString()).withCorruptRangesReported());
    PAssert.that(out.get(LogIO.RECORDS)).containsInAnyOrder(s.records);
    String file = log.normalize().toString();
    long size = Files.size(log);
    long goodEnd = s.goodEnd;
    PAssert.that(out.get(LogIO.CORRUPT_RANGES)).satisfies(ranges -> {
      List<CorruptRange> all = new ArrayList<>();
      ranges.forEach(all::add);
      assertEquals(1, all.size(), all.toString());
      CorruptRange r = all.get(0);
      assertEquals(file, r.getFile());
      assertEquals("corruption-crc-checksum-failed", r.getErrorCode());
      assertEquals(goodEnd, r.getStartOffset());
      assertEquals(size, r.getEndOffset());
      assertThat(r.getMessage(), containsString("(offset 96)"));
      return null;
    });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(2, TestRecords.counter(result, LogIO.class, "records"));
    assertEquals(1, TestRecords.counter(result, LogIO.class, "corrupt-ranges"));
    assertEquals(size - s.goodEnd, TestRecords.counter(result, LogIO.class, "corrupt-bytes"));
  }

  @ParameterizedTest
  @MethodSource("singleBlockBadLogs")
  void everyBadLogFailsWithTheSequentialReadersCode(String name, TestPipeline p) throws Exception {
    Path log = bad(name);
    Sequential s = sequential(log);
    PCollection<KeyValue> records = p.apply(LogIO.read().from(log.toString()));
    if (s.error == null) {
      PAssert.that(records).containsInAnyOrder(s.records);
      p.run().waitUntilFinish();
      return;
    }
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    String m = SstIOReadTest.messages(e);
    assertThat(m, containsString(s.error.code().code()));
    assertThat(m, containsString(log.normalize().toString()));
    if (s.error.offset() >= 0) {
      assertThat(m, containsString("offset " + s.error.offset()));
    }
  }

  @ParameterizedTest
  @MethodSource("singleBlockBadLogs")
  void everyBadLogReportedGivesTheGoodPrefixAndOneRange(String name, TestPipeline p) throws Exception {
    Path log = bad(name);
    Sequential s = sequential(log);
    PCollectionTuple out = p.apply(LogIO.read().from(log.toString()).withCorruptRangesReported());
    PAssert.that(out.get(LogIO.RECORDS)).containsInAnyOrder(s.records);
    String code = s.error == null ? null : s.error.code().code();
    long goodEnd = s.goodEnd;
    long size = Files.size(log);
    PAssert.that(out.get(LogIO.CORRUPT_RANGES)).satisfies(ranges -> {
      List<CorruptRange> all = new ArrayList<>();
      ranges.forEach(all::add);
      if (code == null) {
        assertEquals(List.of(), all);
        return null;
      }
      assertEquals(1, all.size(), all.toString());
      assertEquals(code, all.get(0).getErrorCode());
      assertEquals(goodEnd, all.get(0).getStartOffset());
      assertEquals(size, all.get(0).getEndOffset());
      return null;
    });
    p.run().waitUntilFinish();
  }

  /**
   * A log of four blocks whose first record starting in block 1 is corrupt (its last payload byte
   * flipped), so block 0's range, reading on to complete its last record, then meets a record the
   * next range owns. {@code expected} gets the records before it; {@code byBlock} every record of
   * the intact log and the block it starts in.
   */
  static Path logWithCorruptRecordInBlock1(Path dir, Sequential expected, List<Object[]> byBlock)
      throws Exception {
    Path log = dir.resolve("corrupt-in-block-1.log");
    List<KeyValue> records = TestRecords.generate(5, 7000, 100_000, 900);
    try (LogWriter w = LogWriter.create(log, LogOptions.DEFAULT)) {
      for (KeyValue kv : records) {
        w.append(new WriteBatch().add(kv));
      }
      w.seal();
    }
    long corruptEnd = -1;
    try (LogReader r = LogReader.open(log)) {
      for (KeyValue kv = r.next(); kv != null; kv = r.next()) {
        long block = LogRanges.blockOf(r.recordStart());
        byBlock.add(new Object[] {kv, block});
        if (block == 1 && corruptEnd < 0) {
          corruptEnd = r.recordEnd();
        }
        if (corruptEnd < 0) {
          expected.records.add(kv);
          expected.goodEnd = r.recordEnd();
        }
      }
    }
    assertTrue(LogRanges.blockCount(Files.size(log)) >= 3 && corruptEnd > 0);
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.seek(corruptEnd - 1);
      int b = f.read();
      f.seek(corruptEnd - 1);
      f.write(b ^ 1);
    }
    Sequential check = sequential(log);
    assertEquals(expected.records, check.records);
    assertEquals("corruption-crc-checksum-failed", check.error.code().code());
    return log;
  }

  /**
   * In one range of 64 blocks: direct runner checkpoints (splits) a range after 100 outputs, and
   * block 0's range then still reads the first record of block 1 before it learns it may not
   * claim it. That record's corruption belongs to the residual, which reports it: one corrupt
   * range, not two. In ranges of one block: the range of block 1 fails on its first record,
   * before claiming anything, and reports [B, 2B); the other blocks are read.
   */
  @ParameterizedTest
  @ValueSource(longs = {64, 1})
  void corruptionIsReportedOnceByTheRangeThatOwnsTheRecord(long blocksPerSplit, TestPipeline p,
      @TempDir Path dir) throws Exception {
    Sequential prefix = new Sequential();
    List<Object[]> byBlock = new ArrayList<>();
    Path log = logWithCorruptRecordInBlock1(dir, prefix, byBlock);
    long size = Files.size(log);
    List<KeyValue> expected = new ArrayList<>();
    for (Object[] o : byBlock) {
      if (blocksPerSplit == 1 ? (long) o[1] != 1 : prefix.records.contains(o[0])) {
        expected.add((KeyValue) o[0]);
      }
    }
    // One block per range: block 1's range starts at B. One range for all: it starts where the
    // last good record ends — or at B, if the runner checkpointed it into a residual from block 1.
    long goodEnd = prefix.goodEnd;
    long expectedEnd = blocksPerSplit == 1 ? 2 * LogRanges.BLOCK_SIZE : size;
    PCollectionTuple out = p.apply(
        LogIO.read().from(log.toString()).withBlocksPerSplit(blocksPerSplit).withCorruptRangesReported());
    TestRecords.assertSameRecords(out.get(LogIO.RECORDS), expected);
    PAssert.that(out.get(LogIO.CORRUPT_RANGES)).satisfies(ranges -> {
      List<CorruptRange> all = new ArrayList<>();
      ranges.forEach(all::add);
      assertEquals(1, all.size(), all.toString());
      assertEquals("corruption-crc-checksum-failed", all.get(0).getErrorCode());
      long start = all.get(0).getStartOffset();
      if (blocksPerSplit == 1) {
        assertEquals(LogRanges.BLOCK_SIZE, start, all.toString());
      } else {
        assertTrue(start == goodEnd || start == LogRanges.BLOCK_SIZE, all.toString());
      }
      assertEquals(expectedEnd, all.get(0).getEndOffset());
      return null;
    });
    p.run().waitUntilFinish();
  }

  /** The same, with the split taken by hand at every fraction after the first claim. */
  @Test
  void aSplitRangeReportsCorruptionOnlyInTheRestrictionThatOwnsIt(@TempDir Path dir) throws Exception {
    Sequential expected = new Sequential();
    Path log = logWithCorruptRecordInBlock1(dir, expected, new ArrayList<>());
    FileIO.ReadableFile file = SdfHarness.readableFile(log);
    ReadLogRangesFn fn = new ReadLogRangesFn(64, true);
    OffsetRange whole = fn.initialRestriction(file);
    for (double fraction : new double[] {0, 0.2, 0.5}) {
      List<CorruptRange> corrupt = new ArrayList<>();
      SdfHarness.Run<KeyValue> run = SdfHarness.processWithSplits(whole, List.of(new Split(1, fraction)),
          (tracker, records) -> {
            TagReceiver receiver = new TagReceiver();
            fn.process(file, tracker, receiver);
            records.addAll(receiver.logRecords());
            corrupt.addAll(receiver.items(ReadLogRangesFn.CORRUPT));
          });
      assertEquals(1, run.splitsTaken);
      assertEquals(expected.records, run.outputs);
      assertEquals(1, corrupt.size(), "split at " + fraction + ": " + corrupt);
      assertEquals("corruption-crc-checksum-failed", corrupt.get(0).getErrorCode());
    }
    // Without routing, the failure is raised by the restriction that owns the record only.
    ReadLogRangesFn failing = new ReadLogRangesFn(64, false);
    List<KeyValue> primary = new ArrayList<>();
    SdfHarness.SplittingTracker tracker = new SdfHarness.SplittingTracker(whole, 1, 0);
    TagReceiver receiver = new TagReceiver();
    failing.process(file, tracker, receiver);
    primary.addAll(receiver.logRecords());
    assertEquals(expected.records, primary);
    SdfHarness.SplittingTracker rest = new SdfHarness.SplittingTracker(tracker.residual(), 0, 0);
    SstException e = assertThrows(SstException.class, () -> failing.process(file, rest, new TagReceiver()));
    assertEquals("corruption-crc-checksum-failed", e.code().code());
  }
}
