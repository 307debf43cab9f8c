package dev.sstbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.beam.CompactTables;
import dev.sstbeam.beam.SstIO;
import dev.sstbeam.beam.SstManifest;
import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.gc.RetainedKey;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstCursor;
import dev.sstbeam.format.table.SstWriter;
import dev.sstbeam.format.testsupport.RustRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compaction of the demo's tables (its three logs converted, as {@code sst demo} does) under
 * several policies, against the Rust crate's collector over the same records: the tables' records
 * written as one table, {@code rust-ref/bin/gen gc TABLE POLICY NOW}, and the compaction's output
 * keys, which must be the crate's pairs line for line. Skipped when the reference tool is absent.
 */
class CompactDifferentialTest {
  private static final String[] POLICIES = {
    "versions = 1",
    "versions = 3",
    "ttl_micros = 60000000",
    "any(versions = 2, ttl_micros = 60000000)",
    "all(versions = 4, ttl_micros = 100000000000)",
    "any(all(versions = 1, ttl_micros = 5), versions = 2,)",
  };

  @TempDir Path dir;

  @Test
  void compactionsOfTheDemoTablesKeepTheCratesPairs() throws Exception {
    Path gen = RustRef.gen();
    Cli.run("demo", "--records", "3000", "--dir", dir.toString(), "--threads", "2").ok();
    Path tables = dir.resolve("tables");
    SstManifest set = SstManifest.readFromDirectory(tables.toString());
    List<KeyValue> records = new ArrayList<>();
    for (SstManifest.Table t : set.tables) {
      records.addAll(read(tables.resolve(t.file)));
    }
    for (int i = 1; i < records.size(); i++) {
      assertTrue(KeyOrder.INSTANCE.compare(records.get(i - 1), records.get(i)) < 0, "table order");
    }
    Path merged = dir.resolve("merged.sst");
    try (SstWriter w = SstWriter.create(merged)) {
      for (KeyValue kv : records) {
        w.add(kv);
      }
      w.seal();
    }
    long now = DemoCommand.COMPACTION_NOW;
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    for (int i = 0; i < POLICIES.length; i++) {
      CompactTables c = SstIO.compact().from(tables.toString()).withPolicy(POLICIES[i]).atMicros(now)
          .withNumPartitions(3).to(dir.resolve("out" + i).toString());
      p.apply("Compact" + i, c);
    }
    p.run().waitUntilFinish();
    for (int i = 0; i < POLICIES.length; i++) {
      RustRef.Run rust = RustRef.run(gen, "gc", merged.toString(), POLICIES[i], Long.toString(now));
      assertEquals(0, rust.status, rust.err);
      Path out = dir.resolve("out" + i);
      SstManifest m = SstManifest.readFromDirectory(out.toString());
      StringBuilder ours = new StringBuilder();
      for (SstManifest.Table t : m.tables) {
        for (KeyValue kv : read(out.resolve(t.file))) {
          ours.append(new RetainedKey(kv.key(), kv.timestamp()).toRetainedLine()).append('\n');
        }
      }
      assertEquals(rust.out, ours.toString(), POLICIES[i]);
      assertEquals(records.size() - m.records, m.compaction.collected.records, POLICIES[i]);
    }
  }

  private static List<KeyValue> read(Path table) throws Exception {
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
