package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestPipelineExtension.class)
class SstIOWriteTest {

  @ParameterizedTest
  @ValueSource(strings = {"one", "small", "boundary_distinct", "big_values", "batches", "mixed", "max_batch"})
  void tablesInManifestOrderHoldExactlyTheSortedRecordsOfTheLog(
      String name, TestPipeline p, @TempDir Path out) throws Exception {
    Path log = VectorFiles.log(name);
    p.apply(LogIO.read().from(log.toString()).withBlocksPerSplit(1))
        .apply(SstIO.write().to(out.toString()).withNumPartitions(3).withSortMemoryBytes(1 << 20)
            .withTargetFileSize(4096));
    p.run().waitUntilFinish();

    SstManifest m = SstManifest.readFromDirectory(out.toString());
    List<KeyValue> expected = tableRecords(VectorFiles.shared().resolve("vectors/sst/" + name + ".default.sst"));
    List<KeyValue> actual = new ArrayList<>();
    Setsum total = new Setsum();
    byte[] previousLast = null;
    for (SstManifest.Table t : m.tables) {
      List<KeyValue> records = tableRecords(out.resolve(t.file));
      assertEquals(t.records, records.size());
      assertEquals(HexFormat.of().formatHex(records.get(0).key()), t.firstKey);
      assertEquals(HexFormat.of().formatHex(records.get(records.size() - 1).key()), t.lastKey);
      if (previousLast != null) {
        assertTrue(Arrays.compareUnsigned(previousLast, records.get(0).key()) < 0, "key ranges overlap");
      }
      previousLast = records.get(records.size() - 1).key();
      actual.addAll(records);
      total.add(Setsum.fromHexDigest(t.setsum));
    }
    assertEquals(expected, actual);
    assertEquals(expected.size(), m.records);
    assertEquals(VectorFiles.jsonString(Path.of(log + ".json"), "setsum"), m.setsum);
    assertEquals(m.setsum, total.hexDigest());
    assertEquals(0, m.dropped.records);
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(m.tables.size() + 1, files.count(), "only tables and the manifest are left");
    }
  }

  static List<KeyValue> tableRecords(Path table) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    try (Sst sst = Sst.open(table); SstCursor c = sst.cursor()) {
      c.seekToFirst();
      for (c.next(); c.hasItem(); c.next()) {
        out.add(c.keyValue());
      }
    }
    return out;
  }
}
