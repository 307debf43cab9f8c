package dev.sstbeam.format.gc;

import static dev.sstbeam.format.testsupport.Vectors.list;
import static dev.sstbeam.format.testsupport.Vectors.num;
import static dev.sstbeam.format.testsupport.Vectors.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstCursor;
import dev.sstbeam.format.testsupport.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code vectors/gc/cases.json}: the crate's collector, run on the vector table with
 * the case's policy and now, yielded exactly the lines of the case's {@code retained.txt}. Ours
 * yields the same bytes, both as {@link GarbageCollector} pairs and as {@link RetainedRecords},
 * whose records are moreover the table's own items (same value or tombstone), in table order.
 */
class GcVectorTest {
  private static Path gc(String file) {
    return Vectors.file("gc", file);
  }

  static Stream<Arguments> cases() {
    Map<String, Object> json = Vectors.json(gc("cases.json"));
    List<Map<String, Object>> cases = list(json, "cases");
    return cases.stream()
        .map(c -> Arguments.of(
            str(c, "retained_file").replaceFirst("^cases/", "").replace(".retained.txt", ""),
            str(c, "table"), str(c, "policy"), str(c, "policy_display"), str(c, "now_micros"),
            str(c, "retained_file"), num(c, "retained_count")));
  }

  @Test
  void allCasesAreThere() {
    assertEquals(352, cases().count());
  }

  @ParameterizedTest(name = "{0}: {2} at {4}")
  @MethodSource("cases")
  void retainedAreTheCratesPairsByteForByte(String name, String table, String policyText,
      String display, String now, String retainedFile, long count) throws Exception {
    GcPolicy policy = GcPolicy.parse(policyText);
    assertEquals(display, policy.toString());
    long nowMicros = Long.parseUnsignedLong(now);
    String expected = Files.readString(gc(retainedFile), StandardCharsets.UTF_8);
    assertEquals(count, expected.lines().count());

    assertEquals(expected, collectedPairs(gc(table + ".sst"), policy, nowMicros), "collector");
    assertEquals(expected, retainedRecordPairs(gc(table + ".sst"), policy, nowMicros, table),
        "retained records");
  }

  /**
   * Kept and collected records, each reported in table order, are together every item of the
   * table exactly once: merged by order they give the table's listing, and their setsums add up to
   * the table's.
   */
  @ParameterizedTest(name = "{0}: {2} at {4}")
  @MethodSource("cases")
  void keptAndCollectedAreEachItemOnce(String name, String table, String policyText,
      String display, String now, String retainedFile, long count) throws Exception {
    GcPolicy policy = GcPolicy.parse(policyText);
    List<KeyValue> kept = new ArrayList<>();
    List<KeyValue> collected = new ArrayList<>();
    Setsum tableSum;
    try (Sst sst = Sst.open(gc(table + ".sst"));
        RetainedRecords records = policy.retainedRecords(sst.cursor(),
            Long.parseUnsignedLong(now), (k, ts, v) -> collected.add(KeyValue.of(k, ts, v)))) {
      for (records.next(); records.hasItem(); records.next()) {
        kept.add(records.keyValue());
      }
      tableSum = sst.fastSetsum();
    }
    assertEquals(count, kept.size());
    List<String> merged = new ArrayList<>();
    int c = 0;
    for (KeyValue k : kept) {
      while (c < collected.size() && collected.get(c).compareTo(k) < 0) {
        merged.add(collected.get(c++).toListingLine());
      }
      merged.add(k.toListingLine());
    }
    while (c < collected.size()) {
      merged.add(collected.get(c++).toListingLine());
    }
    assertEquals(Files.readAllLines(gc(table + ".listing.txt"), StandardCharsets.UTF_8), merged);
    Setsum parts = new Setsum();
    kept.forEach(parts::insert);
    collected.forEach(parts::insert);
    assertEquals(tableSum, parts);
  }

  /** The collector's pairs as retained.txt lines, the cursor positioned as the crate requires. */
  static String collectedPairs(Path table, GcPolicy policy, long nowMicros)
      throws SstException {
    StringBuilder sb = new StringBuilder();
    try (Sst sst = Sst.open(table)) {
      SstCursor cursor = sst.cursor();
      cursor.seekToFirst();
      cursor.next();
      try (GarbageCollector gc = policy.collector(cursor, nowMicros)) {
        for (RetainedKey k = gc.next(); k != null; k = gc.next()) {
          sb.append(k.toRetainedLine()).append('\n');
        }
        assertEquals(null, gc.next(), "stays at the end");
      }
    }
    return sb.toString();
  }

  /**
   * The retained records as retained.txt lines; checks that each is an item of the table (its
   * listing line is in the vector listing) and that they come in table order.
   */
  private static String retainedRecordPairs(Path table, GcPolicy policy, long nowMicros,
      String name) throws SstException, IOException {
    List<String> listing = Files.readAllLines(gc(name + ".listing.txt"), StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    int at = 0;
    try (Sst sst = Sst.open(table);
        RetainedRecords kept = policy.retainedRecords(sst.cursor(), nowMicros)) {
      for (kept.next(); kept.hasItem(); kept.next()) {
        sb.append(new RetainedKey(kept.key(), kept.timestamp()).toRetainedLine()).append('\n');
        String line = kept.keyValue().toListingLine();
        while (at < listing.size() && !listing.get(at).equals(line)) {
          at++;
        }
        assertTrue(at < listing.size(), "a table item, after the previous one: " + line);
        at++;
      }
      kept.next();
      assertTrue(!kept.hasItem(), "stays at the end");
    }
    return sb.toString();
  }

  @Test
  void theTableListingsAreTheTables() throws Exception {
    for (int t = 1; t <= 8; t++) {
      String listing = Files.readString(gc("t" + t + ".listing.txt"), StandardCharsets.UTF_8);
      try (Sst sst = Sst.open(gc("t" + t + ".sst"))) {
        SstCursor c = sst.cursor();
        StringBuilder sb = new StringBuilder();
        c.seekToFirst();
        for (c.next(); c.hasItem(); c.next()) {
          sb.append(c.keyValue().toListingLine()).append('\n');
        }
        assertEquals(listing, sb.toString(), "t" + t);
      }
    }
  }
}
