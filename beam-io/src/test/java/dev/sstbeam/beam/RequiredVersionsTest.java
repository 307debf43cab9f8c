package dev.sstbeam.beam;

import static dev.sstbeam.format.testsupport.Vectors.list;
import static dev.sstbeam.format.testsupport.Vectors.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.gc.GcPolicy;
import dev.sstbeam.format.gc.RetainedKey;
import dev.sstbeam.format.sort.DuplicatePolicy;
import dev.sstbeam.format.table.SstWriter;
import dev.sstbeam.format.testsupport.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier's own rules ({@link RequiredVersions}, not the compactor's collector) give, for
 * every case of {@code vectors/gc}, exactly the crate's retained records; and the verifier's
 * range check ({@link VerifyRangeFn}) passes each case's retained records as an output and names
 * the record when one is missing, added or changed.
 */
class RequiredVersionsTest {
  @TempDir Path dir;

  private static Path gc(String file) {
    return Vectors.file("gc", file);
  }

  private static List<Map<String, Object>> cases() {
    return list(Vectors.json(gc("cases.json")), "cases");
  }

  private static List<KeyValue> required(List<KeyValue> records, GcPolicy policy, long now)
      throws Exception {
    List<KeyValue> out = new ArrayList<>();
    List<KeyValue> order = new ArrayList<>();
    RequiredVersions rules = new RequiredVersions(policy, now, (kv, required) -> {
      order.add(kv);
      if (required) {
        out.add(kv);
      }
    });
    for (KeyValue kv : records) {
      rules.add(kv);
    }
    rules.finish();
    assertEquals(records, order, "every record is classified once, in table order");
    return out;
  }

  private static String lines(List<KeyValue> records) {
    StringBuilder sb = new StringBuilder();
    for (KeyValue kv : records) {
      sb.append(new RetainedKey(kv.key(), kv.timestamp()).toRetainedLine()).append('\n');
    }
    return sb.toString();
  }

  @Test
  void everyGcVectorCaseRequiresTheCratesRetainedRecords() throws Exception {
    int checked = 0;
    for (Map<String, Object> c : cases()) {
      List<KeyValue> records = TableSets.records(gc(str(c, "table") + ".sst"));
      List<KeyValue> required = required(records, GcPolicy.parse(str(c, "policy")),
          Long.parseUnsignedLong(str(c, "now_micros")));
      assertEquals(Files.readString(gc(str(c, "retained_file")), StandardCharsets.UTF_8),
          lines(required), str(c, "retained_file") + ": " + str(c, "policy") + " at " + str(c, "now_micros"));
      checked++;
    }
    assertTrue(checked > 0);
  }

  private Path table(String name, List<KeyValue> records) throws Exception {
    Path path = dir.resolve(name);
    try (SstWriter w = SstWriter.create(path)) {
      for (KeyValue kv : records) {
        w.add(kv);
      }
      w.seal();
    }
    return path;
  }

  /**
   * Every case through the verifier's range check, with the case's table as the input and its
   * retained records as the output: no offence; then with the middle required record dropped,
   * a record added, a value changed: that record, named.
   */
  @Test
  void everyGcVectorCasePassesTheRangeCheckAndAPlantedFaultIsNamed() throws Exception {
    int faults = 0;
    int i = 0;
    for (Map<String, Object> c : cases()) {
      Path input = gc(str(c, "table") + ".sst");
      List<KeyValue> records = TableSets.records(input);
      GcPolicy policy = GcPolicy.parse(str(c, "policy"));
      long now = Long.parseUnsignedLong(str(c, "now_micros"));
      List<KeyValue> kept = required(records, policy, now);
      String what = str(c, "retained_file");
      RangeCheck ok = check(input, table("ok" + i + ".sst", kept), policy, now);
      assertEquals(0, sum(ok.offenses), what + ": " + ok.first);
      assertEquals(TestRecords.setsum(kept), ok.output.setsum, what);
      assertEquals(TestRecords.setsum(records), ok.input.setsum, what);
      assertEquals(TestRecords.setsum(kept).plus(ok.collected.setsum), ok.input.setsum, what);
      if (!kept.isEmpty()) {
        KeyValue victim = kept.get(kept.size() / 2);
        List<KeyValue> missing = new ArrayList<>(kept);
        missing.remove(victim);
        RangeCheck m = check(input, table("m" + i + ".sst", missing), policy, now);
        assertEquals(CompactionVerdict.Offense.MISSING, m.first.kind(), what);
        assertEquals(new CompactionVerdict.Record(CompactionVerdict.Offense.MISSING, victim.key(),
            victim.timestamp(), m.first.detail()), m.first, what);
        faults++;
      }
      i++;
    }
    assertTrue(faults > 0);
  }

  @Test
  void addedAndChangedRecordsAreNamed() throws Exception {
    Path input = gc("t1.sst");
    GcPolicy policy = GcPolicy.parse("versions = 2");
    List<KeyValue> kept = required(TableSets.records(input), policy, 4);
    KeyValue changed = kept.stream().filter(kv -> !kv.isTombstone()).skip(3).findFirst().orElseThrow();
    List<KeyValue> edited = new ArrayList<>();
    for (KeyValue kv : kept) {
      edited.add(kv == changed ? KeyValue.put(kv.key(), kv.timestamp(), "forged".getBytes(StandardCharsets.UTF_8)) : kv);
    }
    RangeCheck c = check(input, table("changed.sst", edited), policy, 4);
    assertEquals(CompactionVerdict.Offense.CHANGED, c.first.kind());
    assertEquals(changed.timestamp(), c.first.timestamp());
    assertEquals(1, sum(c.offenses));

    List<KeyValue> added = new ArrayList<>(kept);
    KeyValue extra = KeyValue.put(kept.get(5).key(), 9999, new byte[] {1});
    added.add(extra);
    added.sort(dev.sstbeam.format.KeyOrder.INSTANCE);
    c = check(input, table("added.sst", added), policy, 4);
    assertEquals(CompactionVerdict.Offense.ADDED, c.first.kind());
    assertEquals(9999, c.first.timestamp());

    // Compacted with versions = 3: keeps what versions = 2 collects.
    List<KeyValue> lenient = required(TableSets.records(input), GcPolicy.parse("versions = 3"), 4);
    c = check(input, table("lenient.sst", lenient), policy, 4);
    assertEquals(CompactionVerdict.Offense.NOT_REQUIRED, c.first.kind());
    assertEquals(lenient.size() - kept.size(), sum(c.offenses));
  }

  private static long sum(long[] counts) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  private static RangeCheck check(Path input, Path output, GcPolicy policy, long now) throws Exception {
    return new VerifyRangeFn(Set.of(output.toString()), policy, now, DuplicatePolicy.DROP_EXACT)
        .check(new PartitionTask(0, null, null, List.of(input.toString(), output.toString())));
  }
}
