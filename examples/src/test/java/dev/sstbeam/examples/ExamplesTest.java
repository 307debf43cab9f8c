package dev.sstbeam.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.beam.SstManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
