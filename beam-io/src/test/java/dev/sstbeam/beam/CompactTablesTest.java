package dev.sstbeam.beam;

import static dev.sstbeam.format.testsupport.Vectors.list;
import static dev.sstbeam.format.testsupport.Vectors.str;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.cursor.ListCursor;
import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.gc.RetainedKey;
import dev.sstbeam.format.gc.RetainedRecords;
import dev.sstbeam.format.log.LogChecksum;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SstIO#compact()}: every case of {@code vectors/gc} through a compaction of its table as a
 * one-table set (several key ranges) keeps exactly the crate's retained records; table sets and
 * logs merge, with duplicates across inputs, into what the crate's collector keeps of all the
 * versions; the manifest records generation, parents, logs, policy, now and an accounting that
 * balances; and what must fail fails, publishing nothing.
 */
class CompactTablesTest {
  @TempDir Path dir;

  private static Path gc(String file) {
    return Vectors.file("gc", file);
  }

  private static Map<String, List<Map<String, Object>>> casesByTable() {
    Map<String, List<Map<String, Object>>> byTable = new LinkedHashMap<>();
    List<Map<String, Object>> cases = list(Vectors.json(gc("cases.json")), "cases");
    for (Map<String, Object> c : cases) {
      byTable.computeIfAbsent(str(c, "table"), t -> new ArrayList<>()).add(c);
    }
    return byTable;
  }

  private static String retainedLines(List<KeyValue> records) {
    StringBuilder lines = new StringBuilder();
    for (KeyValue kv : records) {
      lines.append(new RetainedKey(kv.key(), kv.timestamp()).toRetainedLine()).append('\n');
    }
    return lines.toString();
  }

  private static String expected(Map<String, Object> c) throws Exception {
    return Files.readString(gc(str(c, "retained_file")), StandardCharsets.UTF_8);
  }

  private static String describe(Map<String, Object> c) {
    return str(c, "retained_file") + ": " + str(c, "policy") + " at " + str(c, "now_micros");
  }

  /**
   * Every case through the compaction's own steps, without a runner (a pipeline per case would
   * take minutes): the vector table as the one table of a set, sampled as a run, three key ranges
   * planned over it, each merged, collected and written; the ranges' tables, in order, hold
   * exactly the crate's retained records, and kept + collected account for the whole table.
   */
  @Test
  void everyGcVectorCaseThroughTheCompactionsKeyRanges() throws Exception {
    int checked = 0;
    for (Map.Entry<String, List<Map<String, Object>>> table : casesByTable().entrySet()) {
      Path set = TableSets.oneTableSet(gc(table.getKey() + ".sst"), dir.resolve(table.getKey()));
      SstManifest parent = SstManifest.readFromDirectory(set.toString());
      SstManifest.Table entry = parent.tables.get(0);
      RunInfo run = new SampleTablesFn(SstIO.SAMPLE_BYTES)
          .sample(new InputTable(set.resolve(entry.file).toString(), entry));
      // The vector tables have a block or two, too few samples to plan ranges on: split at the
      // keys a third and two thirds of the way through the table's distinct keys.
      List<byte[]> keys = new ArrayList<>();
      for (KeyValue kv : TableSets.records(set.resolve(entry.file))) {
        if (keys.isEmpty() || !java.util.Arrays.equals(keys.get(keys.size() - 1), kv.key())) {
          keys.add(kv.key());
        }
      }
      List<PartitionTask> tasks = new PlanPartitionsFn(null,
          List.of(keys.get(keys.size() / 3), keys.get(2 * keys.size() / 3)), 0, 1, 1).plan(List.of(run));
      assertEquals(3, tasks.size(), table.getKey() + " is split into three key ranges");
      for (int i = 0; i < table.getValue().size(); i++) {
        Map<String, Object> c = table.getValue().get(i);
        Path tableDir = dir.resolve(table.getKey() + "-" + i);
        Files.createDirectories(tableDir);
        WritePartitionFn ranges = new WritePartitionFn(tableDir.toString(),
            dev.sstbeam.format.table.SstOptions.DEFAULT, DuplicatePolicy.DROP_EXACT,
            WritePartitionFn.MERGE_WIDTH, "test-job", GcPolicy.parse(str(c, "policy")),
            Long.parseUnsignedLong(str(c, "now_micros")));
        List<KeyValue> kept = new ArrayList<>();
        Setsum sum = new Setsum();
        long records = 0;
        for (PartitionTask task : tasks) {
          PartitionResult r = ranges.write(task);
          for (SstManifest.Table t : r.tables) {
            kept.addAll(TableSets.records(Path.of(t.file)));
            sum.add(Setsum.fromHexDigest(t.setsum));
            records += t.records;
          }
          sum.add(Setsum.fromHexDigest(r.collectedSetsum));
          records += r.collectedRecords;
          assertEquals(0, r.droppedRecords);
        }
        assertEquals(expected(c), retainedLines(kept), describe(c));
        assertEquals(parent.setsum, sum.hexDigest(), describe(c) + ": kept + collected");
        assertEquals(parent.records, records, describe(c));
        checked++;
      }
    }
    assertTrue(checked > 0);
  }

  /**
   * Whole compaction pipelines, one case of every fourth vector table (all in one pipeline): the
   * output and its manifest. With {@code -Dsst.test.allGcPipelines=true}, every case (about ten minutes
   * on the direct runner).
   */
  @Test
  void gcVectorCasesThroughWholeCompactionPipelines() throws Exception {
    boolean all = Boolean.getBoolean("sst.test.allGcPipelines");
    Pipeline p = Pipeline.create(TestPipeline.testingPipelineOptions());
    List<Map<String, Object>> cases = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    List<Path> sets = new ArrayList<>();
    int t = 0;
    for (Map.Entry<String, List<Map<String, Object>>> table : casesByTable().entrySet()) {
      Path set = TableSets.oneTableSet(gc(table.getKey() + ".sst"), dir.resolve(table.getKey()));
      List<Map<String, Object>> chosen = all
          ? table.getValue()
          : t % 4 != 0 ? List.of() : List.of(table.getValue().get((7 * t) % table.getValue().size()));
      t++;
      for (Map<String, Object> c : chosen) {
        Path out = dir.resolve("out-" + cases.size());
        p.apply("Case" + cases.size(), SstIO.compact().from(set.toString())
            .withPolicy(str(c, "policy")).atMicros(Long.parseUnsignedLong(str(c, "now_micros")))
            .withNumPartitions(3).to(out.toString()));
        cases.add(c);
        outputs.add(out);
        sets.add(set);
      }
    }
    p.run().waitUntilFinish();
    for (int i = 0; i < cases.size(); i++) {
      Map<String, Object> c = cases.get(i);
      String what = describe(c);
      SstManifest parent = SstManifest.readFromDirectory(sets.get(i).toString());
      SstManifest m = SstManifest.readFromDirectory(outputs.get(i).toString());
      assertEquals(expected(c), retainedLines(TableSets.records(outputs.get(i), m)), what);
      assertEquals(2, m.version, what);
      assertEquals(1, m.generation, what);
      assertEquals(str(c, "policy"), m.compaction.policy, what);
      assertEquals(str(c, "policy_display"), m.compaction.policyDisplay, what);
      assertEquals(str(c, "now_micros"), m.compaction.nowMicros, what);
      assertEquals(1, m.compaction.parents.size(), what);
      assertEquals(sets.get(i).toString(), m.compaction.parents.get(0).manifest, what);
      assertEquals(parent.setsum, m.compaction.parents.get(0).setsum, what);
      assertEquals(parent.setsum, m.compaction.input.setsum, what);
      assertEquals(parent.records, m.compaction.input.records, what);
      assertEquals(null, m.compactionImbalance(), what);
      assertEquals(0, m.dropped.records, what);
    }
  }

  /** Random records with several versions per key and tombstone runs, over few keys. */
  private static List<KeyValue> versions(long seed, int count, int keys) {
    Random r = new Random(seed);
    Map<String, KeyValue> unique = new LinkedHashMap<>();
    while (unique.size() < count) {
      String key = String.format("k%04d", r.nextInt(keys));
      long ts = r.nextInt(10) == 0 ? -1L - r.nextInt(3) : r.nextInt(200);
      byte[] value = new byte[r.nextInt(300)];
      r.nextBytes(value);
      unique.putIfAbsent(key + "@" + ts, r.nextInt(4) == 0
          ? KeyValue.del(key.getBytes(StandardCharsets.US_ASCII), ts)
          : KeyValue.put(key.getBytes(StandardCharsets.US_ASCII), ts, value));
    }
    return new ArrayList<>(unique.values());
  }

  private static Path writeLog(Path file, List<KeyValue> records) throws Exception {
    Files.createDirectories(file.getParent());
    try (LogWriter w = LogWriter.create(file)) {
      for (int i = 0; i < records.size(); i += 7) {
        WriteBatch b = new WriteBatch();
        for (KeyValue kv : records.subList(i, Math.min(records.size(), i + 7))) {
          b.add(kv);
        }
        w.append(b);
      }
      w.seal();
    }
    return file;
  }

  private void writeSet(Path out, List<KeyValue> records, int partitions) {
    TestRecords.runPipeline(p -> p.apply(Create.of(records).withCoder(KeyValueCoder.of()))
        .apply(SstIO.write().to(out.toString()).withNumPartitions(partitions)
            .withTargetFileSize(16 << 10)));
  }

  /** What the crate's collector keeps of the merged, deduplicated records. */
  private static List<KeyValue> retained(List<KeyValue> unique, String policy, long now)
      throws Exception {
    List<KeyValue> sorted = TestRecords.sorted(unique);
    List<KeyValue> kept = new ArrayList<>();
    try (RetainedRecords r = GcPolicy.parse(policy).retainedRecords(new ListCursor(sorted), now)) {
      for (r.next(); r.hasItem(); r.next()) {
        kept.add(r.keyValue());
      }
    }
    return kept;
  }

  @Test
  void tableSetsAndLogsMergeIntoWhatTheCollectorKeepsOfAllVersions() throws Exception {
    List<KeyValue> all = versions(11, 6000, 300);
    List<KeyValue> setA = all.subList(0, 2500);
    List<KeyValue> setB = all.subList(2500, 4500);
    List<KeyValue> logRecords = new ArrayList<>(all.subList(4500, 6000));
    List<KeyValue> duplicates = new ArrayList<>(all.subList(100, 160)); // in set A and a log
    duplicates.addAll(all.subList(3000, 3010)); // in set B and a log
    writeSet(dir.resolve("a"), setA, 3);
    writeSet(dir.resolve("b"), setB, 2);
    Path log1 = writeLog(dir.resolve("logs/one.log"), logRecords.subList(0, 1000));
    Path log2 = writeLog(dir.resolve("logs/two.log"),
        Stream.concat(logRecords.subList(1000, 1500).stream(), duplicates.stream()).toList());
    // Set B is a compaction's output in spirit: say it is of generation 4.
    SstManifest b = SstManifest.readFromDirectory(dir.resolve("b").toString());
    b.generation = 4;
    Files.delete(dir.resolve("b").resolve(SstManifest.FILE_NAME));
    b.write(org.apache.beam.sdk.io.FileSystems.matchNewResource(
        dir.resolve("b").resolve(SstManifest.FILE_NAME).toString(), false));

    String policy = "any(versions = 2, ttl_micros = 50)";
    long now = 150;
    Path out = dir.resolve("out");
    TestRecords.runPipeline(p -> p.apply(SstIO.compact().from(dir.resolve("a").toString())
        .from(dir.resolve("b").resolve(SstManifest.FILE_NAME).toString())
        .withLogs(dir.resolve("logs").toString() + "/*.log").withPolicy(policy).atMicros(now)
        .withNumPartitions(4).withSortMemoryBytes(1 << 20)
        .withSstOptions(dev.sstbeam.format.table.SstOptions.builder().targetFileSize(8 << 10).build())
        .to(out.toString())));

    SstManifest m = SstManifest.readFromDirectory(out.toString());
    List<KeyValue> expected = retained(all, policy, now);
    assertTrue(expected.size() < all.size() * 3 / 4, "the policy collects something");
    assertEquals(TestRecords.listing(expected), TestRecords.listing(TableSets.records(out, m)));
    assertEquals(TestRecords.sorted(expected), TableSets.records(out, m), "in table order");
    assertEquals(5, m.generation);
    assertEquals(2, m.compaction.parents.size());
    assertEquals(dir.resolve("a").toString(), m.compaction.parents.get(0).manifest);
    assertEquals(4, m.compaction.parents.get(1).generation);
    assertEquals(2, m.compaction.logs.size());
    for (Path log : List.of(log1, log2)) {
      SstManifest.Log entry = m.compaction.logs.stream()
          .filter(l -> l.file.endsWith(log.getFileName().toString())).findFirst().orElseThrow();
      LogChecksum sum = LogChecksum.of(log, 1);
      assertEquals(sum.setsum().hexDigest(), entry.setsum);
      assertEquals(sum.records(), entry.records);
    }
    assertEquals(duplicates.size(), m.dropped.records);
    assertEquals(TestRecords.setsum(duplicates).hexDigest(), m.dropped.setsum);
    Setsum input = TestRecords.setsum(all).plus(TestRecords.setsum(duplicates));
    assertEquals(input.hexDigest(), m.compaction.input.setsum);
    assertEquals(all.size() + duplicates.size(), m.compaction.input.records);
    assertEquals(all.size() - expected.size(), m.compaction.collected.records);
    assertEquals(null, m.compactionImbalance());
    byte[] previousLast = null;
    for (SstManifest.Table t : m.tables) {
      byte[] first = java.util.HexFormat.of().parseHex(t.firstKey);
      assertTrue(previousLast == null || java.util.Arrays.compareUnsigned(previousLast, first) < 0,
          "non-overlapping tables");
      previousLast = java.util.HexFormat.of().parseHex(t.lastKey);
    }
    assertTrue(m.tables.size() >= 4, "tables: " + m.tables.size());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(m.tables.size() + 1, files.count(), "only the tables and the manifest are left");
    }
  }

  @Test
  void aConflictingDuplicateAcrossInputsFailsPublishesNothingAndIsCleanedUp() throws Exception {
    List<KeyValue> all = versions(12, 500, 50);
    writeSet(dir.resolve("a"), all, 2);
    KeyValue victim = all.stream().filter(kv -> !kv.isTombstone()).findFirst().orElseThrow();
    writeLog(dir.resolve("conflict.log"),
        List.of(KeyValue.put(victim.key(), victim.timestamp(), "other".getBytes(StandardCharsets.UTF_8))));
    Path out = dir.resolve("out");
    CompactTables compaction = SstIO.compact().from(dir.resolve("a").toString())
        .withLogs(dir.resolve("conflict.log").toString()).withPolicy("versions = 1").atMicros(0)
        .to(out.toString());
    Exception e = assertThrows(Exception.class,
        () -> TestRecords.runPipeline(p -> p.apply(compaction)));
    assertThat(stackText(e), containsString("duplicate conflicting"));
    assertFalse(Files.exists(out.resolve(SstManifest.FILE_NAME)));
    compaction.cleanUpAfterFailure();
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(), left.toList(), "no claim, no temporary directory, no table");
    }
    // The inputs are untouched, and a new compaction into the same directory can run.
    assertEquals(TestRecords.listing(all),
        TestRecords.listing(TableSets.records(dir.resolve("a"),
            SstManifest.readFromDirectory(dir.resolve("a").toString()))));
    TestRecords.runPipeline(p -> p.apply(SstIO.compact().from(dir.resolve("a").toString())
        .withPolicy("versions = 1").atMicros(0).to(out.toString())));
    assertTrue(Files.exists(out.resolve(SstManifest.FILE_NAME)));
  }

  @Test
  void aSecondCompactionIntoAClaimedDirectoryFailsAndLeavesTheFirstsClaim() throws Exception {
    writeSet(dir.resolve("a"), versions(16, 300, 30), 1);
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    // Another job's live claim (this process): a second job must not write there.
    Files.writeString(out.resolve(".sst-beam-claim"), "{\"job\":\"other\",\"temp_directory\":\""
        + out.resolve(".sst-beam-temp-other") + "/\",\"host\":\"" + java.net.InetAddress
        .getLocalHost().getHostName() + "\",\"pid\":" + ProcessHandle.current().pid()
        + ",\"claimed_at\":\"now\"}");
    Pipeline p = Pipeline.create(TestPipeline.testingPipelineOptions());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.apply(
        SstIO.compact().from(dir.resolve("a").toString()).withPolicy("versions = 1").atMicros(0)
            .to(out.toString())));
    assertThat(e.getMessage(), containsString("is being written by another job"));
    assertTrue(Files.exists(out.resolve(".sst-beam-claim")));
  }

  @Test
  void aParentWhoseManifestDoesNotAddUpIsRefusedBeforeAnythingIsPublished() throws Exception {
    List<KeyValue> all = versions(13, 500, 50);
    writeSet(dir.resolve("a"), all, 2);
    SstManifest a = SstManifest.readFromDirectory(dir.resolve("a").toString());
    a.setsum = TestRecords.setsum(all.subList(1, all.size())).hexDigest();
    Files.delete(dir.resolve("a").resolve(SstManifest.FILE_NAME));
    a.write(org.apache.beam.sdk.io.FileSystems.matchNewResource(
        dir.resolve("a").resolve(SstManifest.FILE_NAME).toString(), false));
    Path out = dir.resolve("out");
    Exception e = assertThrows(Exception.class, () -> TestRecords.runPipeline(p -> p.apply(
        SstIO.compact().from(dir.resolve("a").toString()).withPolicy("versions = 1").atMicros(0)
            .to(out.toString()))));
    assertThat(stackText(e), containsString("balance MISMATCH"));
    try (Stream<Path> files = Files.list(out)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("part-")
          || f.getFileName().toString().equals(SstManifest.FILE_NAME)));
    }
  }

  @Test
  void aTableThatIsNotWhatItsManifestListsIsRefused() throws Exception {
    writeSet(dir.resolve("a"), versions(14, 300, 30), 1);
    SstManifest a = SstManifest.readFromDirectory(dir.resolve("a").toString());
    Path table = dir.resolve("a").resolve(a.tables.get(0).file);
    Files.copy(gc("t1.sst"), table, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Exception e = assertThrows(Exception.class, () -> TestRecords.runPipeline(p -> p.apply(
        SstIO.compact().from(dir.resolve("a").toString()).withPolicy("versions = 1").atMicros(0)
            .to(dir.resolve("out").toString()))));
    assertThat(stackText(e), containsString("but its manifest lists"));
  }

  @Test
  void badArgumentsAreRefusedWhenThePipelineIsBuilt() throws Exception {
    writeSet(dir.resolve("a"), versions(15, 100, 10), 1);
    String a = dir.resolve("a").toString();
    assertThat(assertThrows(IllegalArgumentException.class,
        () -> SstIO.compact().withPolicy("versions = 0")).getMessage(), containsString("position 11"));
    assertThrows(IllegalArgumentException.class,
        () -> SstIO.compact().withDuplicatePolicy(DuplicatePolicy.KEEP_FIRST));
    Pipeline p = Pipeline.create(TestPipeline.testingPipelineOptions());
    assertThat(assertThrows(IllegalArgumentException.class, () -> p.apply(SstIO.compact().from(a)
        .withPolicy("versions = 1").atMicros(0).to(a))).getMessage(), containsString("already holds tables"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> p.apply(SstIO.compact().from(a).from(a)
        .withPolicy("versions = 1").atMicros(0).to(dir.resolve("o").toString()))).getMessage(),
        containsString("given twice"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> p.apply(SstIO.compact().from(a)
        .withPolicy("versions = 1").to(dir.resolve("o").toString()))).getMessage(),
        containsString("atMicros"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> p.apply(SstIO.compact()
        .withLogs(dir.resolve("none*.log").toString()).withPolicy("versions = 1").atMicros(0)
        .to(dir.resolve("o").toString()))).getMessage(), containsString("no logs match"));
  }

  private static String stackText(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append('\n');
    }
    return sb.toString();
  }
}
