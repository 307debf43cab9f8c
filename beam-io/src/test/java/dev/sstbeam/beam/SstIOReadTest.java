package dev.sstbeam.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(TestPipelineExtension.class)
class SstIOReadTest {

  static Path table(String name) {
    return VectorFiles.vector("sst", name + ".sst");
  }

  /** The message of the exception and of every cause, for assertions on what the user sees. */
  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"many", "many_bigblocks", "prefixes_restart1", "big_values", "small", "one"})
  void readsEveryItemOfARustWrittenTableOnce(String name, TestPipeline p) throws Exception {
    Path t = table(name);
    PCollection<KeyValue> records = p.apply(SstIO.read().from(t.toString()).withBlocksPerSplit(7));
    TestRecords.assertSameRecords(records, SstIOWriteTest.tableRecords(t));
    PAssert.thatSingleton(records.apply(Setsums.globally()))
        .isEqualTo(Setsum.fromHexDigest(VectorFiles.jsonString(VectorFiles.json(t), "setsum")));
    PAssert.thatSingleton(records.apply(Count.globally()))
        .isEqualTo(VectorFiles.jsonLong(VectorFiles.json(t), "record_count"));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(VectorFiles.jsonLong(VectorFiles.json(t), "record_count"),
        TestRecords.counter(result, SstIO.class, "records-read"));
  }

  @Test
  void readsEveryTableMatchingAPattern(TestPipeline p, @TempDir Path dir) throws Exception {
    List<KeyValue> expected = new ArrayList<>();
    for (String name : new String[] {"small", "one", "prefixes"}) {
      Files.copy(table(name), dir.resolve(name + ".sst"));
      expected.addAll(SstIOWriteTest.tableRecords(table(name)));
    }
    Files.writeString(dir.resolve("notes.txt"), "not a table");
    PCollection<KeyValue> records = p.apply(SstIO.read().from(dir.resolve("*.sst").toString()));
    PAssert.that(records).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void readManifestReadsExactlyTheListedTables(TestPipeline p, @TempDir Path dir) throws Exception {
    List<KeyValue> input = TestRecords.generate(11, 3000, 700, 200);
    TestRecords.runPipeline(w -> w.apply(Create.of(input).withCoder(KeyValueCoder.of()))
        .apply(SstIO.write().to(dir.toString()).withNumPartitions(3).withTargetFileSize(16 << 10)));
    SstManifest manifest = SstManifest.readFromDirectory(dir.toString());
    assertTrue(manifest.tables.size() > 3, "several tables: " + manifest.tables.size());
    // A table that is not in the manifest (e.g. left by another job) is not read.
    Files.copy(table("small"), dir.resolve("part-99999-00000.sst"));

    PCollection<KeyValue> byDirectory = p.apply("ByDirectory", SstIO.readManifest(dir.toString()));
    PCollection<KeyValue> byFile = p.apply("ByFile",
        SstIO.readManifest(dir.resolve(SstManifest.FILE_NAME).toString()).withBlocksPerSplit(2));
    PCollection<KeyValue> byPattern = p.apply("ByPattern",
        SstIO.read().from(dir.resolve("part-0*.sst").toString()).withBlocksPerSplit(3));
    TestRecords.assertSameRecords(byDirectory, input);
    TestRecords.assertSameRecords(byFile, input);
    TestRecords.assertSameRecords(byPattern, input);
    PAssert.thatSingleton(byFile.apply("SetsumByFile", Setsums.globally())).isEqualTo(manifest.totalSetsum());
    PAssert.thatSingleton(byDirectory.apply("SetsumByDirectory", Setsums.globally()))
        .isEqualTo(TestRecords.setsum(input));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(3L * input.size(), TestRecords.counter(result, SstIO.class, "records-read"));
  }

  @Test
  void readManifestFailsNamingAMissingTable(TestPipeline p, @TempDir Path dir) throws Exception {
    List<KeyValue> input = TestRecords.generate(12, 1000, 300, 100);
    TestRecords.runPipeline(w -> w.apply(Create.of(input).withCoder(KeyValueCoder.of()))
        .apply(SstIO.write().to(dir.toString()).withNumPartitions(2).withTargetFileSize(8 << 10)));
    SstManifest manifest = SstManifest.readFromDirectory(dir.toString());
    String gone = manifest.tables.get(1).file;
    Files.delete(dir.resolve(gone));

    p.apply(SstIO.readManifest(dir.toString()));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    assertThat(messages(e), containsString(gone));
    assertThat(messages(e), containsString("missing"));
    assertThat(messages(e), containsString(SstManifest.FILE_NAME));
  }

  @Test
  void readManifestFailsWhenThereIsNoManifest(TestPipeline p, @TempDir Path dir) {
    p.apply(SstIO.readManifest(dir.toString()));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    assertThat(messages(e), containsString("cannot read " + dir.resolve(SstManifest.FILE_NAME)));
  }

  @Test
  void aCorruptDataBlockFailsThePipelineWithFileOffsetAndCode(TestPipeline p) {
    Path bad = VectorFiles.vector("bad", "sst_data_block_flipped.sst");
    p.apply(SstIO.read().from(bad.toString()));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    assertThat(messages(e), containsString("crc32c-failure"));
    assertThat(messages(e), containsString("at offset 0 in " + bad.normalize()));
  }

  @Test
  void transformsAreValidatedWithClearMessages() {
    Pipeline p = Pipeline.create();
    IllegalArgumentException noFrom = assertThrows(IllegalArgumentException.class, () -> p.apply(SstIO.read()));
    assertThat(noFrom.getMessage(), containsString("call from(filepattern) first"));
    assertThrows(IllegalArgumentException.class, () -> SstIO.read().from(""));
    assertThat(assertThrows(IllegalArgumentException.class, () -> SstIO.read().withBlocksPerSplit(0))
        .getMessage(), containsString("withBlocksPerSplit(0)"));
    assertThrows(IllegalArgumentException.class, () -> SstIO.readFiles().withBlocksPerSplit(-1));
    assertThat(assertThrows(IllegalArgumentException.class, () -> SstIO.readManifest(""))
        .getMessage(), containsString("readManifest()"));
    assertThrows(IllegalArgumentException.class, () -> SstIO.readManifest("/x").withBlocksPerSplit(0));
  }

  @Test
  void displayDataNamesTheInputAndSplitSize() {
    DisplayData read = DisplayData.from(SstIO.read().from("/data/*.sst").withBlocksPerSplit(9));
    assertThat(read.toString(), containsString("/data/*.sst"));
    assertThat(read.toString(), containsString("blocksPerSplit=9"));
    DisplayData manifest = DisplayData.from(SstIO.readManifest("/out/tables"));
    assertThat(manifest.toString(), containsString("/out/tables"));
    assertThat(DisplayData.from(SstIO.readFiles()).toString(),
        containsString("blocksPerSplit=" + SstIO.DEFAULT_BLOCKS_PER_SPLIT));
  }
}
