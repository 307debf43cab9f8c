package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestPipelineExtension.class)
class LogIOReadTest {

  @ParameterizedTest
  @ValueSource(strings = {"one", "small", "empty_kv", "boundary_distinct", "big_values", "batches", "mixed", "max_batch"})
  void readsEveryRecordOfEachVectorLogOnceWithOneBlockSplits(String name, TestPipeline p) throws Exception {
    Path log = VectorFiles.log(name);
    PCollection<KeyValue> records = p.apply(LogIO.read().from(log.toString()).withBlocksPerSplit(1));
    PAssert.that(records).containsInAnyOrder(sequential(log));
    PAssert.thatSingleton(records.apply(Setsums.globally()))
        .isEqualTo(Setsum.fromHexDigest(VectorFiles.jsonString(VectorFiles.json(log), "setsum")));
    PAssert.thatSingleton(records.apply(Count.globally()))
        .isEqualTo(VectorFiles.jsonLong(VectorFiles.json(log), "record_count"));
    p.run().waitUntilFinish();
  }

  /**
   * totals(): without a single record element, the count and setsum of every record once, as the
   * vector says, and the same counters as a read.
   */
  @ParameterizedTest
  @ValueSource(strings = {"one", "empty_kv", "boundary_distinct", "big_values", "batches", "max_batch"})
  void totalsCountAndHashEveryRecordOfEachVectorLogOnce(String name, TestPipeline p) throws Exception {
    Path log = VectorFiles.log(name);
    PCollection<RecordTotals> totals =
        p.apply(FileIO.match().filepattern(log.toString()))
            .apply(FileIO.readMatches())
            .apply(LogIO.readFiles().withBlocksPerSplit(1).totals())
            .apply(Combine.globally(RecordTotals.sum()));
    Setsum setsum = Setsum.fromHexDigest(VectorFiles.jsonString(VectorFiles.json(log), "setsum"));
    long count = VectorFiles.jsonLong(VectorFiles.json(log), "record_count");
    PAssert.thatSingleton(totals).isEqualTo(new RecordTotals(count, setsum));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(count, TestRecords.counter(result, LogIO.class, "records"));
  }

  /** Counters: every item once, and every record's bytes (frames and headers) once. */
  @ParameterizedTest
  @ValueSource(strings = {"batches", "max_batch"})
  void countersCountEveryItemAndEveryRecordsBytesOnce(String name, TestPipeline p) throws Exception {
    Path log = VectorFiles.log(name);
    long items = 0;
    long recordBytes = 0;
    try (LogReader r = LogReader.open(log)) {
      long lastStart = -1;
      for (KeyValue kv = r.next(); kv != null; kv = r.next()) {
        items++;
        if (r.recordStart() != lastStart) {
          recordBytes += r.recordEnd() - r.recordStart();
          lastStart = r.recordStart();
        }
      }
    }
    p.apply(LogIO.read().from(log.toString()).withBlocksPerSplit(1));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(items, TestRecords.counter(result, LogIO.class, "records"));
    assertEquals(recordBytes, TestRecords.counter(result, LogIO.class, "bytes"));
  }

  static List<KeyValue> sequential(Path log) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    try (LogReader r = LogReader.open(log)) {
      for (KeyValue kv = r.next(); kv != null; kv = r.next()) {
        out.add(kv);
      }
    }
    return out;
  }
}
