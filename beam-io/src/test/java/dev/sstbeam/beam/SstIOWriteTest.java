package dev.sstbeam.beam;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
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
    List<KeyValue> expected = tableRecords(VectorFiles.vector("sst", name + ".default.sst"));
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
    assertEquals(VectorFiles.jsonString(VectorFiles.json(log), "setsum"), m.setsum);
    assertEquals(m.setsum, total.hexDigest());
    assertEquals(0, m.dropped.records);
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(m.tables.size() + 1, files.count(), "only tables and the manifest are left");
    }
  }

  /** The records of a written directory's tables in manifest order, checking each table. */
  static List<KeyValue> writtenRecords(Path dir, SstManifest m) throws Exception {
    List<KeyValue> out = new ArrayList<>();
    byte[] previousLast = null;
    for (SstManifest.Table t : m.tables) {
      List<KeyValue> records = tableRecords(dir.resolve(t.file));
      assertEquals(t.records, records.size(), t.file);
      assertFalse(records.isEmpty(), "no empty tables: " + t.file);
      assertEquals(HexFormat.of().formatHex(records.get(0).key()), t.firstKey);
      assertEquals(HexFormat.of().formatHex(records.get(records.size() - 1).key()), t.lastKey);
      assertEquals(t.setsum, TestRecords.setsum(records).hexDigest(), t.file);
      if (previousLast != null) {
        assertTrue(Arrays.compareUnsigned(previousLast, records.get(0).key()) < 0,
            "key ranges overlap or a key spans two tables at " + t.file);
      }
      previousLast = records.get(records.size() - 1).key();
      out.addAll(records);
    }
    assertEquals(TestRecords.sorted(out), out, "tables in manifest order are in key order");
    assertEquals(m.records, out.size());
    return out;
  }

  /** Nothing but the tables and the manifest is left in the output directory. */
  static void assertOnlyTablesAndManifest(Path dir, SstManifest m) throws Exception {
    List<String> expected = new ArrayList<>();
    for (SstManifest.Table t : m.tables) {
      expected.add(t.file);
    }
    expected.add(SstManifest.FILE_NAME);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(expected.stream().sorted().toList(),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  private static PCollection<KeyValue> create(TestPipeline p, List<KeyValue> records) {
    return p.apply(Create.of(records).withCoder(KeyValueCoder.of()));
  }

  @Test
  void exactDuplicatesAreDroppedCountedAndAudited(TestPipeline p, @TempDir Path out) throws Exception {
    List<KeyValue> distinct = TestRecords.generate(21, 3000, 800, 2400);
    Random r = new Random(5);
    List<KeyValue> copies = TestRecords.copiesOf(distinct, 500, r);
    List<KeyValue> input = TestRecords.shuffledWith(distinct, copies, r);
    // 1 MiB of sort memory for about 3.6 MiB of records: whichever way a runner splits them into
    // bundles and over up to 3 workers, one buffer fills more than once, so duplicates meet
    // within and across runs (with 0.6 MB, a runner that kept everything in one bundle wrote 1).
    assertTrue(input.stream().mapToLong(kv -> kv.key().length + (kv.value() == null ? 0 : kv.value().length))
        .sum() > 3 << 20, "more than 3 MiB");
    create(p, input).apply(SstIO.write().to(out.toString()).withNumPartitions(3).withSortMemoryBytes(1 << 20));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    SstManifest m = SstManifest.readFromDirectory(out.toString());
    assertEquals(TestRecords.listing(distinct), TestRecords.listing(writtenRecords(out, m)));
    assertEquals(500, m.dropped.records);
    assertEquals(TestRecords.setsum(copies), m.droppedSetsum());
    assertEquals(TestRecords.setsum(input), m.totalSetsum().plus(m.droppedSetsum()), "the audit balances");
    assertEquals(TestRecords.setsum(distinct), m.totalSetsum());
    assertEquals(500, TestRecords.counter(result, SstIO.class, "duplicates"));
    assertTrue(TestRecords.counter(result, SstIO.class, "sort-runs") >= 2, "several runs");
    assertOnlyTablesAndManifest(out, m);
  }

  /**
   * With the balance check the output manifest carries the count and setsum of every input
   * record, duplicates included, which equal the tables' plus the dropped ones'; the manifest file
   * is the same as without it.
   */
  @Test
  void aBalanceCheckedWriteCarriesTheInputTotals(TestPipeline p, @TempDir Path out) throws Exception {
    List<KeyValue> distinct = TestRecords.generate(24, 2000, 600, 200);
    List<KeyValue> input = new ArrayList<>(distinct);
    input.addAll(distinct.subList(0, 300));
    Collections.shuffle(input, new Random(6));
    PCollection<SstManifest> manifest = create(p, input)
        .apply(SstIO.write().to(out.toString()).withNumPartitions(2).withSortMemoryBytes(1 << 20)
            .withBalanceCheck());
    long count = input.size();
    String setsum = TestRecords.setsum(input).hexDigest();
    org.apache.beam.sdk.testing.PAssert.thatSingleton(manifest).satisfies(m -> {
      assertEquals(count, m.input.records);
      assertEquals(setsum, m.input.setsum);
      assertEquals(m.input.toSetsum(), m.totalSetsum().plus(m.droppedSetsum()));
      assertEquals(count, m.records + m.dropped.records);
      return null;
    });
    p.run().waitUntilFinish();
    SstManifest written = SstManifest.readFromDirectory(out.toString());
    assertEquals(null, written.input, "the input totals are not in MANIFEST.json");
    assertFalse(written.toJson().contains("input"), written.toJson());
    assertEquals(300, written.dropped.records);
  }

  private static List<KeyValue> withConflict() {
    List<KeyValue> input = new ArrayList<>(TestRecords.generate(22, 500, 100, 50));
    input.add(KeyValue.put(TestRecords.bytes("dup"), 42, TestRecords.bytes("first")));
    input.add(KeyValue.put(TestRecords.bytes("dup"), 42, TestRecords.bytes("second")));
    return input;
  }

  @Test
  void aConflictingDuplicateFailsByDefaultNamingKeyAndTimestamp(TestPipeline p, @TempDir Path out)
      throws Exception {
    SstIO.Write write = SstIO.write().to(out.toString());
    create(p, withConflict()).apply(write);
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    // As a driver does: the runner may report the failure while other steps still write in out.
    write.cleanUpAfterFailure();
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(), left.toList(), "the failed write left nothing");
    }
    String m = SstIOReadTest.messages(e);
    assertThat(m, containsString("conflicting"));
    assertThat(m, containsString("(key \"dup\")"));
    assertThat(m, containsString("(timestamp 42)"));
  }

  @Test
  void keepFirstKeepsOneVersionOfAConflict(TestPipeline p, @TempDir Path out) throws Exception {
    List<KeyValue> input = withConflict();
    create(p, input).apply(SstIO.write().to(out.toString()).withDuplicatePolicy(DuplicatePolicy.KEEP_FIRST));
    p.run().waitUntilFinish();
    SstManifest m = SstManifest.readFromDirectory(out.toString());
    List<KeyValue> written = writtenRecords(out, m);
    List<KeyValue> dups = new ArrayList<>();
    for (KeyValue kv : written) {
      if (Arrays.equals(kv.key(), TestRecords.bytes("dup"))) {
        dups.add(kv);
      }
    }
    assertEquals(1, dups.size(), dups.toString());
    assertEquals(input.size() - 1, written.size());
    assertEquals(1, m.dropped.records);
    assertEquals(TestRecords.setsum(input), m.totalSetsum().plus(m.droppedSetsum()));
  }

  @Test
  void userSplitPointsGiveExactlyThoseKeyRanges(TestPipeline p, @TempDir Path out) throws Exception {
    List<KeyValue> input = TestRecords.generate(23, 2000, 1000, 100);
    byte[][] splits = {TestRecords.bytes("key000300"), TestRecords.bytes("key000650")};
    create(p, input).apply(SstIO.write().to(out.toString())
        .withSplitPoints(List.of(splits[0], splits[1])).withTargetFileSize(8 << 10));
    p.run().waitUntilFinish();

    SstManifest m = SstManifest.readFromDirectory(out.toString());
    assertEquals(TestRecords.listing(input), TestRecords.listing(writtenRecords(out, m)));
    Set<Integer> partitions = new TreeSet<>();
    for (SstManifest.Table t : m.tables) {
      int partition = Integer.parseInt(t.file.substring(5, 10));
      partitions.add(partition);
      byte[] lower = partition == 0 ? null : splits[partition - 1];
      byte[] upper = partition == 2 ? null : splits[partition];
      for (KeyValue kv : tableRecords(out.resolve(t.file))) {
        assertTrue(lower == null || Arrays.compareUnsigned(kv.key(), lower) >= 0, t.file + " " + kv);
        assertTrue(upper == null || Arrays.compareUnsigned(kv.key(), upper) < 0, t.file + " " + kv);
      }
    }
    assertEquals(Set.of(0, 1, 2), partitions);
    assertThrows(IllegalArgumentException.class,
        () -> SstIO.write().withSplitPoints(List.of(splits[1], splits[0])));
    assertThrows(IllegalArgumentException.class,
        () -> SstIO.write().withSplitPoints(List.of(splits[0], splits[0])));
  }

  @Test
  void emptyInputWritesAManifestWithoutTables(TestPipeline p, @TempDir Path out) throws Exception {
    p.apply(Create.empty(KeyValueCoder.of())).apply(SstIO.write().to(out.toString()));
    p.run().waitUntilFinish();
    SstManifest m = SstManifest.readFromDirectory(out.toString());
    assertEquals(List.of(), m.tables);
    assertEquals(0, m.records);
    assertEquals(new Setsum(), m.totalSetsum());
    assertEquals(0, m.dropped.records);
    assertOnlyTablesAndManifest(out, m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MANIFEST.json", "part-00000-00000.sst"})
  void writingWhereTablesAlreadyAreFailsAtConstruction(String existing, @TempDir Path out) throws Exception {
    Files.writeString(out.resolve(existing), "x");
    Pipeline p = Pipeline.create();
    PCollection<KeyValue> input = p.apply(Create.empty(KeyValueCoder.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> input.apply(SstIO.write().to(out.toString())));
    assertThat(e.getMessage(), containsString(out.toString()));
    assertThat(e.getMessage(), containsString("already holds tables"));
  }

  @Test
  void writeIsValidatedAndDisplayed() {
    Pipeline p = Pipeline.create();
    PCollection<KeyValue> input = p.apply(Create.empty(KeyValueCoder.of()));
    assertThat(assertThrows(IllegalArgumentException.class, () -> input.apply(SstIO.write())).getMessage(),
        containsString("call to(directory) first"));
    assertThrows(IllegalArgumentException.class, () -> SstIO.write().withNumPartitions(0));
    assertThrows(IllegalArgumentException.class, () -> SstIO.write().withSortMemoryBytes(1000));
    String shown = DisplayData.from(SstIO.write().to("/out/t").withNumPartitions(4)).toString();
    assertThat(shown, containsString("/out/t"));
    assertThat(shown, containsString("numPartitions=4"));
  }

  /**
   * Small tables: every partition rolls over to many tables, only between keys — so the ranges
   * stay disjoint and ascending and all versions of a key (here ~20 of ~150 bytes, more than one
   * table's worth for some keys) stay in one table.
   */
  @Test
  void tablesRollOverBetweenKeysAtTheTargetSize(TestPipeline p, @TempDir Path out) throws Exception {
    List<KeyValue> input = TestRecords.generate(24, 4000, 200, 300);
    create(p, input).apply(SstIO.write().to(out.toString()).withNumPartitions(2).withTargetFileSize(4096));
    p.run().waitUntilFinish();

    SstManifest m = SstManifest.readFromDirectory(out.toString());
    List<KeyValue> written = writtenRecords(out, m);
    assertEquals(TestRecords.listing(input), TestRecords.listing(written));
    Map<String, Integer> tablesPerPartition = new HashMap<>();
    Map<String, String> tableOfKey = new HashMap<>();
    for (SstManifest.Table t : m.tables) {
      tablesPerPartition.merge(t.file.substring(0, 10), 1, Integer::sum);
      for (KeyValue kv : tableRecords(out.resolve(t.file))) {
        String key = new String(kv.key(), java.nio.charset.StandardCharsets.UTF_8);
        String before = tableOfKey.putIfAbsent(key, t.file);
        assertTrue(before == null || before.equals(t.file), key + " is in " + before + " and " + t.file);
      }
    }
    assertEquals(2, tablesPerPartition.size(), "withNumPartitions(2): " + tablesPerPartition);
    for (int n : tablesPerPartition.values()) {
      assertTrue(n >= 10, "many tables per partition: " + tablesPerPartition);
    }
    long inFirst = 0;
    for (SstManifest.Table t : m.tables) {
      inFirst += t.file.startsWith("part-00000-") ? t.records : 0;
    }
    assertTrue(inFirst > m.records / 4 && inFirst < 3 * m.records / 4,
        "sampled ranges are roughly balanced: " + inFirst + " of " + m.records);
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
