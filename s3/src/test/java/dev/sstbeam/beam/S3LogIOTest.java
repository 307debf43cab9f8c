package dev.sstbeam.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogRanges;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.s3.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link LogIO} reading logs from S3 (s3proxy on 127.0.0.1) by block ranges, through ranged reads. */
class S3LogIOTest {
  private static LocalS3 s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalS3.start("logs-bucket");
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void readsEveryRecordOfMultiBlockLogsOnceWithOneBlockSplitsThroughRangedReads() throws Exception {
    List<String> names = List.of("max_batch", "small", "one");
    List<KeyValue> expected = new ArrayList<>();
    Setsum setsum = new Setsum();
    long records = 0;
    for (String name : names) {
      Path log = VectorFiles.log(name);
      s3.upload("ranged/" + name + ".log", log);
      expected.addAll(LogIOReadTest.sequential(log));
      setsum.add(Setsum.fromHexDigest(VectorFiles.jsonString(VectorFiles.json(log), "setsum")));
      records += VectorFiles.jsonLong(VectorFiles.json(log), "record_count");
    }
    s3.forgetReads();

    Pipeline p = Pipeline.create(s3.options());
    PCollection<KeyValue> read = p.apply(LogIO.read().from(s3.url("ranged/*.log")).withBlocksPerSplit(1));
    PAssert.that(read).containsInAnyOrder(expected);
    PAssert.thatSingleton(read.apply(Setsums.globally())).isEqualTo(setsum);
    PAssert.thatSingleton(read.apply(Count.globally())).isEqualTo(records);
    p.run().waitUntilFinish();

    // max_batch.log has 4 blocks (3 MiB and 56 bytes), so 4 one-block ranges. Whole-object
    // downloads would read it from its start once per range. Positioned reads ask for a range
    // from the offset a reader seeks to (Beam's S3 channel: one GET per seek, from there to the
    // end of the object, cut off when the reader closes): the range's first block, or a block
    // boundary header probed before it.
    Path maxBatch = VectorFiles.log("max_batch");
    long size = Files.size(maxBatch);
    assertEquals(4, LogRanges.blockCount(size));
    List<LocalS3.Read> reads = s3.reads("ranged/max_batch.log");
    long fromStart = reads.stream().filter(r -> r.range().isEmpty()).count();
    assertThat("reads from the start of the object: " + reads, fromStart, lessThan(4L));
    Set<Long> blocksStarted = new TreeSet<>();
    for (LocalS3.Read r : reads) {
      if (!r.range().isEmpty()) {
        long start = Long.parseLong(r.range().substring(0, r.range().indexOf('-')));
        assertTrue(start > 0 && start < size, "a range inside the object: " + r);
        blocksStarted.add(LogRanges.blockOf(start));
      }
    }
    assertEquals(Set.of(1L, 2L, 3L), blocksStarted, "reads start in every later block: " + reads);
  }
}
