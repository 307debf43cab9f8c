package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sst compact}, {@code sst verify-gc} and {@code sst get}, driven as a user would: a table
 * set from {@code sst convert} and a newer log compacted under a policy; the verifier passes it,
 * and fails — naming the first offending record, exit 1 — when asked about another policy or now;
 * lookups print sst-dump lines or "not found".
 */
class CompactVerifyGetTest {
  private static final String POLICY = "any(versions = 2, ttl_micros = 1000)";
  @TempDir static Path dir;
  private static Path tables;
  private static Path newer;
  private static Path compacted;
  private static Cli.Result compaction;

  @BeforeAll
  static void convertAndCompact() throws Exception {
    Random random = new Random(5);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    try (LogWriter w = LogWriter.create(logs.resolve("old.log"))) {
      for (int b = 0; b < 300; b++) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 10; i++) {
          byte[] key = ("key" + random.nextInt(600)).getBytes(StandardCharsets.US_ASCII);
          long ts = b * 10L + i;
          batch.add(random.nextInt(8) == 0 ? KeyValue.del(key, ts) : KeyValue.put(key, ts,
              ("v" + ts).getBytes(StandardCharsets.US_ASCII)));
        }
        w.append(batch);
      }
      w.seal();
    }
    newer = dir.resolve("newer.log");
    try (LogWriter w = LogWriter.create(newer)) {
      for (int i = 0; i < 500; i++) {
        byte[] key = ("key" + random.nextInt(600)).getBytes(StandardCharsets.US_ASCII);
        w.append(new WriteBatch().put(key, 5000 + i, ("n" + i).getBytes(StandardCharsets.US_ASCII)));
      }
      w.seal();
    }
    tables = dir.resolve("tables");
    Cli.run("convert", "--input", logs.resolve("*.log").toString(), "--output", tables.toString(),
        "--partitions", "2", "--sst-target-file-size", "16384").ok();
    compacted = dir.resolve("compacted");
    compaction = Cli.run("compact", "--tables", tables.toString(), "--logs", newer.toString(),
        "--policy", POLICY, "--now-micros", "5300", "--output", compacted.toString(),
        "--partitions", "3", "--sst-target-file-size", "16384");
  }

  @Test
  void compactPrintsItsAccountingAndWritesAGenerationOneManifest() throws Exception {
    compaction.ok();
    List<String> lines = compaction.out.lines().toList();
    assertTrue(lines.get(0).startsWith("compacted 3,500 records of 1 table set and 1 log into "),
        compaction.out);
    assertTrue(lines.get(0).endsWith("generation 1"), compaction.out);
    assertEquals("policy    any(versions = 2, ttl_micros = 1000) at now 5300", lines.get(1));
    assertTrue(lines.get(2).matches("input     [0-9a-f]{64} 3500 records"), compaction.out);
    assertTrue(lines.get(5).matches("collected [0-9a-f]{64} \\d+ records"), compaction.out);
    assertEquals("balance OK", lines.get(6));
    SstManifest m = SstManifest.readFromDirectory(compacted.toString());
    assertEquals(1, m.generation);
    assertEquals(tables.toString(), m.compaction.parents.get(0).manifest);
    assertEquals(1, m.compaction.logs.size());
    assertTrue(m.compaction.collected.records > 1000, "collected " + m.compaction.collected.records);
    assertEquals(null, m.compactionImbalance());
  }

  @Test
  void verifyGcPassesTheCompactionAndNamesTheFirstOffenceOtherwise() {
    compaction.ok();
    Cli.Result ok = Cli.run("verify-gc", "--output", compacted.toString(), "--tables",
        tables.toString(), "--logs", newer.toString(), "--partitions", "3").ok();
    assertTrue(ok.out.endsWith("verdict OK\n"), ok.out);
    assertTrue(ok.out.startsWith("policy    any(versions = 2, ttl_micros = 1000) at now 5300\n"), ok.out);

    Cli.Result policy = Cli.run("verify-gc", "--output", compacted.toString(), "--policy",
        "versions = 2");
    policy.failsWith("verify-gc", "first offending record: NOT_REQUIRED \"key");
    assertTrue(policy.out.contains("FAILED policy: given \"versions = 2\", the manifest states"), policy.out);
    assertTrue(policy.out.endsWith("verdict FAILED\n"), policy.out);

    Cli.run("verify-gc", "--output", compacted.toString(), "--now-micros", "3500")
        .failsWith("verify-gc", "first offending record: MISSING \"key");
    Cli.run("verify-gc", "--output", tables.toString())
        .failsWith("verify-gc", "is not the output of a compaction");
  }

  /** The audit of logs against a compacted generation cannot balance; it says what to run instead. */
  @Test
  void auditOfLogsAgainstACompactionPointsToVerifyGc() {
    Cli.Result r = Cli.run("audit", "--logs", newer.toString(), "--tables", compacted.toString());
    assertEquals(1, r.status, r.err);
    assertTrue(r.out.contains("balance MISMATCH"), r.out);
    assertTrue(r.out.contains("note: the tables are generation 1, a compaction"), r.out);
    assertTrue(r.out.contains("sst verify-gc"), r.out);
  }

  @Test
  void getPrintsTheNewestVersionAtOrBeforeTheTimestampOrNotFound() {
    compaction.ok();
    Cli.Result r = Cli.run("get", "--tables", compacted.toString(), "nokey", "key1", "key1").ok();
    List<String> lines = r.out.lines().toList();
    assertEquals(3, lines.size(), r.out);
    assertEquals("\"nokey\" not found", lines.get(0));
    assertTrue(lines.get(1).matches("\"key1\" @ \\d+ -> \"[nv]\\d+\"|\"key1\" not found"), r.out);
    assertEquals(lines.get(1), lines.get(2));
    Cli.Result hex = Cli.run("get", "--tables", tables.toString(), "--hex", "--at", "15", "6b657931",
        "6b6579").ok();
    assertEquals(2, hex.out.lines().count(), hex.out);
    assertTrue(hex.out.endsWith("\"key\" not found\n"), hex.out);
    Cli.run("get", "--tables", tables.toString(), "--hex", "6b6").failsWith("get", "hex digits");
  }

  @Test
  void compactRefusesWhatItCannotDo() {
    Cli.Result bad = Cli.run("compact", "--tables", tables.toString(), "--policy", "versions = 0",
        "--now-micros", "1", "--output", dir.resolve("x").toString());
    assertEquals(2, bad.status, bad.err);
    assertTrue(bad.err.contains("invalid gc policy at position 11"), bad.err);
    Cli.run("compact", "--policy", "versions = 1", "--now-micros", "1", "--output",
        dir.resolve("x").toString()).failsWith("compact", "give at least one");
    Cli.run("compact", "--tables", tables.toString(), "--policy", "versions = 1", "--now-micros",
        "1", "--duplicates", "keep-first", "--output", dir.resolve("x").toString())
        .failsWith("compact", "keep-first is not for compactions");
    Cli.run("compact", "--tables", tables.toString(), "--policy", "versions = 1", "--now-micros",
        "1", "--output", tables.toString()).failsWith("compact", "already holds tables");
  }
}
