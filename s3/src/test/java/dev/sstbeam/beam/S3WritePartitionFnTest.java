package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import dev.sstbeam.s3.LocalS3;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key range merged from many sorted runs on S3 (s3proxy on 127.0.0.1). */
class S3WritePartitionFnTest {
  private static LocalS3 s3;

  @TempDir Path local;

  @BeforeAll
  static void start() throws Exception {
    s3 = LocalS3.start("merge-bucket");
    s3.options();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @Test
  void aKeyRangeMergesAsManyRunsAsItMergesAtOnceWhenTheyAreOnS3() throws Exception {
    // Each open run holds an HTTP connection while it is read; Beam's S3 client has a pool of 50.
    int count = WritePartitionFn.MERGE_WIDTH;
    List<KeyValue> all = TestRecords.generate(21, 20 * count, 400, 30);
    List<String> runs = new ArrayList<>();
    ResourceId runDir = BeamFiles.directory(s3.url("runs"));
    for (int i = 0; i < count; i++) {
      ResourceId file = BeamFiles.file(runDir, "run-" + i + ".sst");
      try (SstWriter w = SstWriter.open(BeamFiles.create(file), file.toString(),
          RunBuffer.RUN_OPTIONS, false)) {
        for (KeyValue kv : TestRecords.sorted(all.subList(i * 20, (i + 1) * 20))) {
          w.add(kv);
        }
        w.seal();
      }
      runs.add(file.toString());
    }
    String tables = BeamFiles.directory(s3.url("tables")).toString();
    PartitionResult result = new WritePartitionFn(tables, SstOptions.builder().build(),
        DuplicatePolicy.DROP_EXACT, "merge-job").write(new PartitionTask(0, null, null, runs));

    List<KeyValue> written = new ArrayList<>();
    Path copy = s3.mirror("tables/", local.resolve("tables"));
    for (String file : result.tempFiles) {
      Path table = copy.resolve(file.substring(file.lastIndexOf('/') + 1));
      written.addAll(SstIOWriteTest.tableRecords(table));
    }
    assertEquals(TestRecords.listing(TestRecords.sorted(all)), TestRecords.listing(written));
  }
}
