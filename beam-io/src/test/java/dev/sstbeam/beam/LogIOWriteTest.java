package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class LogIOWriteTest {
  private static final int BATCH_BYTES = 4096;

  /**
   * Records written by LogIO.write in several shards with small batches read back, file by file,
   * by the format's sequential reader: every file is a valid log, and together they hold exactly
   * the input (as a multiset, with its setsum). Batches stay within the batch size unless they
   * hold a single record.
   */
  @Test
  void writtenLogsReadBackByTheSequentialReaderGiveTheInput(TestPipeline p, @TempDir Path dir)
      throws Exception {
    List<KeyValue> input = new ArrayList<>(TestRecords.generate(3, 4000, 1500, 300));
    input.addAll(LogIOReadTest.sequential(VectorFiles.preferLog("big_values", "max_batch")));
    input.addAll(LogIOReadTest.sequential(VectorFiles.log("empty_kv")));
    input.add(input.get(0)); // logs may hold duplicates; the write keeps them
    p.apply(Create.of(input).withCoder(KeyValueCoder.of()))
        .apply(LogIO.write().to(dir.resolve("part").toString()).withNumShards(3).withBatchBytes(BATCH_BYTES));
    p.run().waitUntilFinish();

    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    assertEquals(3, files.size(), files.toString());
    List<KeyValue> read = new ArrayList<>();
    Setsum fromFiles = new Setsum();
    for (Path f : files) {
      assertTrue(f.getFileName().toString().endsWith("-of-00003.log"), f.toString());
      int before = read.size();
      try (LogReader r = LogReader.open(f)) {
        long recordStart = -1;
        long itemsInRecord = 0;
        long recordSize = 0;
        for (KeyValue kv = r.next(); kv != null; kv = r.next()) {
          if (r.recordStart() != recordStart) {
            checkBatch(itemsInRecord, recordSize);
            recordStart = r.recordStart();
            recordSize = r.recordEnd() - r.recordStart();
            itemsInRecord = 0;
          }
          itemsInRecord++;
          read.add(kv);
        }
        checkBatch(itemsInRecord, recordSize);
      }
      assertTrue(read.size() > before, "every shard holds records: " + f);
      fromFiles.add(TestRecords.setsum(read.subList(before, read.size())));
    }
    assertEquals(TestRecords.listing(input), TestRecords.listing(read));
    assertEquals(TestRecords.setsum(input), fromFiles);
  }

  /** A batch of several records fits the batch size (plus at most two frame headers). */
  private static void checkBatch(long items, long recordBytes) {
    if (items > 1) {
      assertTrue(recordBytes <= BATCH_BYTES + 2 * 20 + 19, "a batch of " + items + " records takes " + recordBytes);
    }
  }

  @Test
  void writeIsValidatedAndDisplayed() {
    assertThrowsMessage(() -> LogIO.write().withBatchBytes(0), "withBatchBytes(0)");
    assertThrowsMessage(() -> LogIO.write().withBatchBytes((1 << 20) + 1), "must be in 1..");
    assertThrowsMessage(() -> LogIO.write().withNumShards(-1), "withNumShards(-1)");
    assertThrowsMessage(() -> LogIO.write().to(""), "to()");
    String shown = DisplayData.from(LogIO.write().to("/out/part").withNumShards(4)).toString();
    assertTrue(shown.contains("/out/part") && shown.contains("numShards=4"), shown);
  }

  static void assertThrowsMessage(Runnable r, String part) {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
