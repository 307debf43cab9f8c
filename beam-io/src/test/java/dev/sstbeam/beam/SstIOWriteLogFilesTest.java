package dev.sstbeam.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SstIO.Write#onLogFiles}: logs read by block ranges straight into the sort, without an
 * element per record. The tables must hold exactly what the Rust crate's table of the same log
 * holds, whatever the ranges and runs, with the balance check's input totals equal to the log's.
 */
@ExtendWith(TestPipelineExtension.class)
class SstIOWriteLogFilesTest {

  private static PCollection<SstManifest> write(TestPipeline p, Path log, Path out,
      long blocksPerSplit, SstIO.Write write) {
    return p.apply(FileIO.match().filepattern(log.toString()))
        .apply(FileIO.readMatches())
        .apply(write.to(out.toString()).withBalanceCheck().onLogFiles(blocksPerSplit));
  }

  /** The job's input totals: {@code records} records whose setsum is {@code setsum}. */
  private static void assertInput(PCollection<SstManifest> manifest, long records, String setsum) {
    PAssert.thatSingleton(manifest).satisfies(m -> {
      assertEquals(records, m.input.records);
      assertEquals(setsum, m.input.setsum);
      return null;
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"one", "small", "boundary_distinct", "big_values", "batches", "mixed", "max_batch"})
  void tablesHoldExactlyTheSortedRecordsOfTheLogAndTheInputTotalsItsSetsum(
      String name, TestPipeline p, @TempDir Path out) throws Exception {
    Path log = VectorFiles.log(name);
    String logSetsum = VectorFiles.jsonString(VectorFiles.json(log), "setsum");
    List<KeyValue> expected = SstIOWriteTest.tableRecords(VectorFiles.vector("sst", name + ".default.sst"));
    long count = expected.size();
    assertInput(write(p, log, out, 1,
        SstIO.write().withNumPartitions(3).withSortMemoryBytes(1 << 20).withTargetFileSize(4096)),
        count, logSetsum);
    PipelineResult result = p.run();
    result.waitUntilFinish();

    SstManifest m = SstManifest.readFromDirectory(out.toString());
    assertEquals(expected, SstIOWriteTest.writtenRecords(out, m));
    assertEquals(logSetsum, m.setsum);
    assertEquals(0, m.dropped.records);
    assertEquals(count, TestRecords.counter(result, LogIO.class, "records"));
    assertEquals(Files.size(log) > 0, TestRecords.counter(result, LogIO.class, "bytes") > 0);
    SstIOWriteTest.assertOnlyTablesAndManifest(out, m);
  }

  /**
   * A log of several blocks with exact copies of records, read one block per range within 1 MiB of
   * sort memory: the copies meet within runs and across runs and ranges, and are dropped, counted
   * and audited.
   */
  @Test
  void exactDuplicatesAreDroppedAcrossRangesAndRunsAndAudited(TestPipeline p, @TempDir Path dir)
      throws Exception {
    List<KeyValue> distinct = TestRecords.generate(31, 12_000, 3_000, 600);
    Random r = new Random(9);
    List<KeyValue> copies = TestRecords.copiesOf(distinct, 1_500, r);
    List<KeyValue> input = TestRecords.shuffledWith(distinct, copies, r);
    Path log = dir.resolve("dups.log");
    try (LogWriter w = LogWriter.create(log)) {
      for (KeyValue kv : input) {
        w.append(new WriteBatch().add(kv));
      }
      w.seal();
    }
    assertTrue(LogRanges.blockCount(Files.size(log)) >= 3, "several blocks: " + Files.size(log));
    Path out = dir.resolve("tables");
    long count = input.size();
    String inputSetsum = TestRecords.setsum(input).hexDigest();
    assertInput(write(p, log, out, 1,
        SstIO.write().withNumPartitions(3).withSortMemoryBytes(1 << 20)), count, inputSetsum);
    PipelineResult result = p.run();
    result.waitUntilFinish();

    SstManifest m = SstManifest.readFromDirectory(out.toString());
    assertEquals(TestRecords.listing(distinct), TestRecords.listing(SstIOWriteTest.writtenRecords(out, m)));
    assertEquals(1_500, m.dropped.records);
    assertEquals(TestRecords.setsum(copies), m.droppedSetsum());
    assertEquals(TestRecords.setsum(distinct), m.totalSetsum());
    assertTrue(TestRecords.counter(result, SstIO.class, "sort-runs") >= 3, "several runs");
    SstIOWriteTest.assertOnlyTablesAndManifest(out, m);
  }

  @Test
  void aCorruptLogFailsTheWriteNamingFileOffsetAndCodeAndPublishesNothing(TestPipeline p,
      @TempDir Path out) {
    Path log = VectorFiles.vector("bad", "log_crc_flipped.log");
    write(p, log, out, 1, SstIO.write());
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    String m = SstIOReadTest.messages(e);
    assertThat(m, containsString("corruption-crc-checksum-failed"));
    assertThat(m, containsString("(offset 96)"));
    assertThat(m, containsString("in " + log.normalize()));
    assertFalse(Files.exists(out.resolve(SstManifest.FILE_NAME)), "no manifest");
  }

  @Test
  void rangesMustHoldAtLeastOneBlock() {
    assertThrows(IllegalArgumentException.class, () -> SstIO.write().onLogFiles(0));
  }
}
