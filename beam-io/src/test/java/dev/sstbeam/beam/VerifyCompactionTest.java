package dev.sstbeam.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.table.SstMetadata;
import dev.sstbeam.format.table.SstWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SstIO#verifyCompaction}: passes a correct compaction of a table set and a log, and catches
 * each planted fault — a required record dropped, a record added, a value changed (each planted
 * consistently: tables and manifest rewritten so that every setsum still adds up, so only the
 * recomputation of the required set can tell), a policy given that is not the manifest's, an
 * output compacted with another policy than its manifest states, a now given that is not the
 * manifest's, and an output compacted at another now than stated. All verifications run in one
 * pipeline.
 */
@ExtendWith(TestPipelineExtension.class)
class VerifyCompactionTest {
  private static final String POLICY = "any(versions = 2, ttl_micros = 50)";
  private static final long NOW = 150;

  @TempDir static Path dir;
  private static List<KeyValue> all;

  @BeforeAll
  static void compact() throws Exception {
    Random r = new Random(21);
    Map<String, KeyValue> unique = new LinkedHashMap<>();
    while (unique.size() < 3000) {
      String key = String.format("k%03d", r.nextInt(200));
      long ts = r.nextInt(200);
      unique.putIfAbsent(key + "@" + ts, r.nextInt(4) == 0
          ? KeyValue.del(key.getBytes(StandardCharsets.US_ASCII), ts)
          : KeyValue.put(key.getBytes(StandardCharsets.US_ASCII), ts, ("v" + r.nextInt()).getBytes(StandardCharsets.US_ASCII)));
    }
    all = new ArrayList<>(unique.values());
    List<KeyValue> tables = all.subList(0, 2000);
    TestRecords.runPipeline(p -> p.apply(Create.of(tables).withCoder(KeyValueCoder.of()))
        .apply(SstIO.write().to(dir.resolve("set").toString()).withNumPartitions(2)
            .withTargetFileSize(8 << 10)));
    try (LogWriter w = LogWriter.create(dir.resolve("new.log"))) {
      for (KeyValue kv : all.subList(2000, all.size())) {
        w.append(new WriteBatch().add(kv));
      }
      for (KeyValue kv : all.subList(10, 30)) { // exact duplicates of table records
        w.append(new WriteBatch().add(kv));
      }
      w.seal();
    }
    TestRecords.runPipeline(p -> {
      p.apply("Reference", compaction(POLICY, NOW, "ref"));
      p.apply("OtherPolicy", compaction("any(versions = 3, ttl_micros = 50)", NOW, "other-policy"));
      p.apply("OtherNow", compaction(POLICY, 400, "other-now"));
    });
  }

  private static CompactTables compaction(String policy, long now, String out) {
    return SstIO.compact().from(dir.resolve("set").toString())
        .withLogs(dir.resolve("new.log").toString()).withPolicy(policy).atMicros(now)
        .withNumPartitions(3).withSstOptions(dev.sstbeam.format.table.SstOptions.builder()
            .targetFileSize(8 << 10).build())
        .to(dir.resolve(out).toString());
  }

  /**
   * A copy of a compaction's output with its records edited and its manifest made consistent with
   * them (one table, totals, and collected = input − output − dropped), then edited.
   */
  private static Path forge(String from, String to, UnaryOperator<List<KeyValue>> edit,
      Consumer<SstManifest> manifestEdit) throws Exception {
    Path src = dir.resolve(from);
    Path dst = dir.resolve(to);
    Files.createDirectories(dst);
    SstManifest m = SstManifest.readFromDirectory(src.toString());
    List<KeyValue> records = edit.apply(TableSets.records(src, m));
    records.sort(KeyOrder.INSTANCE);
    Path table = dst.resolve("part-00000-00000.sst");
    SstMetadata md;
    try (SstWriter w = SstWriter.create(table)) {
      for (KeyValue kv : records) {
        w.add(kv);
      }
      md = w.seal();
    }
    SstManifest.Table t = new SstManifest.Table();
    t.file = table.getFileName().toString();
    t.firstKey = HexFormat.of().formatHex(md.firstKey());
    t.lastKey = HexFormat.of().formatHex(md.lastKey());
    t.smallestTimestamp = Long.toUnsignedString(md.smallestTimestamp());
    t.biggestTimestamp = Long.toUnsignedString(md.biggestTimestamp());
    t.records = records.size();
    t.bytes = Files.size(table);
    t.setsum = md.setsum().hexDigest();
    m.tables = new ArrayList<>(List.of(t));
    m.records = t.records;
    m.setsum = t.setsum;
    Setsum collected = m.compaction.input.toSetsum().minus(md.setsum()).minus(m.droppedSetsum());
    m.compaction.collected = new SstManifest.Records(
        m.compaction.input.records - m.records - m.dropped.records, collected);
    manifestEdit.accept(m);
    assertEquals(null, m.compactionImbalance(), "the forgery keeps the manifest balanced");
    m.write(FileSystems.matchNewResource(dst.resolve(SstManifest.FILE_NAME).toString(), false));
    return dst;
  }

  /** What a verdict must say: ok, or the kind and version of its first offending record, and a problem. */
  private static SerializableFunction<CompactionVerdict, Void> expect(boolean ok,
      CompactionVerdict.Offense kind, KeyValue record, String problem) {
    byte[] key = record == null ? null : record.key();
    long ts = record == null ? 0 : record.timestamp();
    return v -> {
      assertEquals(ok, v.ok(), String.join("\n", v.problems()));
      if (kind != null) {
        assertEquals(kind, v.firstOffence().kind(), v.firstOffence().toString());
        if (key != null) {
          assertEquals(HexFormat.of().formatHex(key), HexFormat.of().formatHex(v.firstOffence().key()));
          assertEquals(ts, v.firstOffence().timestamp());
        }
      } else {
        assertEquals(null, v.firstOffence());
      }
      if (problem != null) {
        assertTrue(v.problems().stream().anyMatch(s -> s.contains(problem)), problem + " in " + v.problems());
      }
      return null;
    };
  }

  private static KeyValue nth(List<KeyValue> records, int n, boolean value) {
    return records.stream().filter(kv -> value != kv.isTombstone()).skip(n).findFirst().orElseThrow();
  }

  @Test
  void passesACorrectCompactionAndCatchesEachPlantedFault(TestPipeline p) throws Exception {
    SstManifest ref = SstManifest.readFromDirectory(dir.resolve("ref").toString());
    List<KeyValue> kept = TableSets.records(dir.resolve("ref"), ref);
    assertTrue(kept.size() > 100 && kept.size() < all.size() * 3 / 4);

    KeyValue dropped = nth(kept, kept.size() / 3, true);
    forge("ref", "missing", rs -> {
      rs.removeIf(kv -> kv.equals(dropped));
      return rs;
    }, m -> { });
    KeyValue added = KeyValue.put("k050x".getBytes(StandardCharsets.US_ASCII), 7, new byte[] {1, 2});
    forge("ref", "added", rs -> {
      rs.add(added);
      return rs;
    }, m -> { });
    KeyValue changed = nth(kept, kept.size() / 2, true);
    forge("ref", "changed", rs -> {
      rs.replaceAll(kv -> kv.equals(changed)
          ? KeyValue.put(kv.key(), kv.timestamp(), "forged".getBytes(StandardCharsets.US_ASCII)) : kv);
      return rs;
    }, m -> { });
    forge("other-policy", "policy-forged", rs -> rs, m -> {
      m.compaction.policy = POLICY;
      m.compaction.policyDisplay = dev.sstbeam.format.gc.GcPolicy.parse(POLICY).toString();
    });
    forge("other-now", "now-forged", rs -> rs, m -> m.compaction.nowMicros = Long.toString(NOW));

    String set = dir.resolve("set").toString();
    String log = dir.resolve("new.log").toString();
    PAssert.thatSingleton(p.apply("Ok", SstIO.verifyCompaction(dir.resolve("ref").toString())))
        .satisfies(expect(true, null, null, null));
    PAssert.thatSingleton(p.apply("OkExplicit", SstIO.verifyCompaction(dir.resolve("ref").toString())
            .from(set).withLogs(log).withPolicy(POLICY).atMicros(NOW).withNumPartitions(4)))
        .satisfies(expect(true, null, null, null));
    PAssert.thatSingleton(p.apply("Missing", SstIO.verifyCompaction(dir.resolve("missing").toString())))
        .satisfies(expect(false, CompactionVerdict.Offense.MISSING, dropped, "MISSING 1"));
    PAssert.thatSingleton(p.apply("Added", SstIO.verifyCompaction(dir.resolve("added").toString())))
        .satisfies(expect(false, CompactionVerdict.Offense.ADDED, added, "ADDED 1"));
    PAssert.thatSingleton(p.apply("Changed", SstIO.verifyCompaction(dir.resolve("changed").toString())))
        .satisfies(expect(false, CompactionVerdict.Offense.CHANGED, changed, "CHANGED 1"));
    PAssert.thatSingleton(p.apply("PolicyGiven", SstIO.verifyCompaction(dir.resolve("ref").toString())
            .withPolicy("versions = 1")))
        .satisfies(expect(false, CompactionVerdict.Offense.NOT_REQUIRED, null, "policy: given"));
    PAssert.thatSingleton(p.apply("PolicyForged",
            SstIO.verifyCompaction(dir.resolve("policy-forged").toString())))
        .satisfies(expect(false, CompactionVerdict.Offense.NOT_REQUIRED, null, "NOT_REQUIRED"));
    PAssert.thatSingleton(p.apply("NowGiven", SstIO.verifyCompaction(dir.resolve("ref").toString())
            .atMicros(NOW + 60)))
        .satisfies(expect(false, CompactionVerdict.Offense.NOT_REQUIRED, null, "now: given 210"));
    PAssert.thatSingleton(p.apply("NowForged",
            SstIO.verifyCompaction(dir.resolve("now-forged").toString())))
        .satisfies(expect(false, CompactionVerdict.Offense.MISSING, null, "MISSING"));
    p.run().waitUntilFinish();
  }
}
