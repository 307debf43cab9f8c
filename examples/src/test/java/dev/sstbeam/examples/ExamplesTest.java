package dev.sstbeam.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.beam.SstManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example as a user would and checks what it prints. */
class ExamplesTest {
  @TempDir Path dir;

  @Test
  void writeALogReadsBackWhatItWrote() throws Exception {
    String out = run(() -> WriteALog.main(new String[] {dir.resolve("a.log").toString()}));
    assertTrue(out.startsWith("wrote and read 1000 records; setsum "), out);
    assertTrue(out.contains("(matches the writer's)"), out);
  }

  @Test
  void lookUpKeysFindsTheVersionAtEachTimestamp() throws Exception {
    String out = run(() -> LookUpKeys.main(new String[] {dir.resolve("a.sst").toString()}));
    assertTrue(out.contains("apple @ 15: apple @ 10 -> green\n"), out);
    assertTrue(out.contains("apple @ 99: apple @ 20 -> red\n"), out);
    assertTrue(out.contains("banana @ 99: banana @ 30 -> <TOMBSTONE>\n"), out);
    assertTrue(out.contains("durian @ 99: none\n"), out);
    assertEquals(5, out.lines().filter(l -> l.startsWith("scan: ")).count(), out);
    assertEquals("snapshot@25: apple @ 20 -> red|snapshot@25: banana @ 5 -> yellow",
        out.lines().filter(l -> l.startsWith("snapshot@25")).reduce((a, b) -> a + "|" + b).orElse(""));
    assertEquals("snapshot@35: apple @ 20 -> red",
        out.lines().filter(l -> l.startsWith("snapshot@35")).reduce((a, b) -> a + "|" + b).orElse(""));
  }

  @Test
  void convertLogsPipelineWritesTablesOfTheLiveRecords() throws Exception {
    Path log = dir.resolve("a.log");
    run(() -> WriteALog.main(new String[] {log.toString()}));
    Path tables = dir.resolve("tables");
    String out = run(() -> ConvertLogsPipeline.main(new String[] {log.toString(), tables.toString()}));
    assertTrue(out.contains("wrote 900 records in "), out);
    SstManifest m = SstManifest.readFromDirectory(tables.toString());
    assertEquals(900, m.records);
    assertTrue(out.contains("setsum of the records kept " + m.setsum), out);
  }

  @Test
  void setsumAuditBalancesLogsAgainstTheirTables() throws Exception {
    Path log = dir.resolve("a.log");
    run(() -> WriteALog.main(new String[] {log.toString()}));
    Path tables = dir.resolve("tables");
    run(() -> ConvertLogsPipeline.main(new String[] {log.toString(), tables.toString()}));
    // ConvertLogsPipeline drops the tombstones, so its tables miss 100 of the log's records.
    String out = run(() -> SetsumAudit.main(new String[] {log.toString(), tables.toString()}));
    assertTrue(out.contains("balance MISMATCH"), out);

    Path everything = dir.resolve("all");
    org.apache.beam.sdk.Pipeline p = org.apache.beam.sdk.Pipeline.create();
    p.apply(dev.sstbeam.beam.LogIO.read().from(log.toString()))
        .apply(dev.sstbeam.beam.SstIO.write().to(everything.toString()));
    p.run().waitUntilFinish();
    out = run(() -> SetsumAudit.main(new String[] {log.toString(), everything.toString()}));
    assertTrue(out.contains("balance OK"), out);
  }

  /**
   * A table set from WriteALog's log, newer versions of user0..user99 in a second log, compacted
   * under {@code versions = 1}: each key's newest version stays, and the keys that have only a
   * tombstone (user109, user119, ...) vanish; the compaction verifies, another policy does not;
   * lookups see the newest versions.
   */
  @Test
  void compactVerifyAndLookUpPipelines() throws Exception {
    Path log = dir.resolve("a.log");
    run(() -> WriteALog.main(new String[] {log.toString()}));
    Path tables = dir.resolve("tables");
    org.apache.beam.sdk.Pipeline p = org.apache.beam.sdk.Pipeline.create();
    p.apply(dev.sstbeam.beam.LogIO.read().from(log.toString()))
        .apply(dev.sstbeam.beam.SstIO.write().to(tables.toString()));
    p.run().waitUntilFinish();
    Path newer = dir.resolve("newer.log");
    try (dev.sstbeam.format.log.LogWriter w = dev.sstbeam.format.log.LogWriter.create(newer)) {
      dev.sstbeam.format.log.WriteBatch batch = new dev.sstbeam.format.log.WriteBatch();
      for (int i = 0; i < 100; i++) {
        batch.put(("user" + i).getBytes(StandardCharsets.UTF_8), 2000,
            "new".getBytes(StandardCharsets.UTF_8));
      }
      w.append(batch);
      w.seal();
    }
    Path out = dir.resolve("gen1");
    String compacted = run(() -> CompactTablesPipeline.main(new String[] {tables.toString(),
        out.toString(), "versions = 1", "3000", newer.toString()}));
    assertEquals("generation 1: kept 910 of 1100 records, collected 190, dropped 0 duplicates;"
        + " balance OK\n", compacted);

    String verified = run(() -> VerifyCompactionPipeline.main(new String[] {out.toString()}));
    assertTrue(verified.endsWith("verdict OK\n"), verified);
    String refused = run(() -> VerifyCompactionPipeline.main(
        new String[] {out.toString(), "versions = 2"}));
    assertTrue(refused.contains("verdict FAILED\nfirst offending record: MISSING key "), refused);

    String found = run(() -> LookUpInTables.main(
        new String[] {out.toString(), "user5", "user9", "user999", "user500", "nobody"}));
    assertEquals(List.of("nobody: not found", "user5 @ 2000 -> new", "user500 @ 1005 -> value of 0",
        "user9 @ 2000 -> new", "user999: not found"), found.lines().sorted().toList());
  }

  private interface Body {
    void run() throws Exception;
  }

  private static String run(Body body) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
