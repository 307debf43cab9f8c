package dev.sstbeam.format.gc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.cursor.ListCursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The crate's rules, one by one, on small hand-written streams: the examples of gc.rs, how
 * {@code versions} counts around tombstone runs, where {@code ttl_micros} puts its threshold (and
 * that it saturates), that {@code any} asks every member, and where the cursor must stand.
 *
 * <p>Streams are written {@code "key: T4 T3 V2"}: a tombstone or a value at each timestamp, newest
 * first; results {@code "key: T3 V2"} list what is kept.
 */
class GcRulesTest {
  /** Items in table order from lines like {@code "k: T4 T3 V2"} (keys in ascending order). */
  static List<KeyValue> stream(String... keys) {
    List<KeyValue> items = new ArrayList<>();
    for (String line : keys) {
      String[] parts = line.split(":", 2);
      byte[] key = parts[0].getBytes(StandardCharsets.UTF_8);
      for (String version : parts[1].trim().split(" +")) {
        long ts = Long.parseUnsignedLong(version.substring(1));
        items.add(version.charAt(0) == 'T'
            ? KeyValue.del(key, ts)
            : KeyValue.put(key, ts, ("v" + ts).getBytes(StandardCharsets.UTF_8)));
      }
    }
    return items;
  }

  /**
   * What the policy keeps of {@code items} at {@code now}, in the notation of {@link #stream}; the
   * collector's pairs and the retained records must agree, and the records must be the items.
   */
  static List<String> kept(String policy, long now, List<KeyValue> items) throws SstException {
    GcPolicy p = GcPolicy.parse(policy);
    List<KeyValue> records = new ArrayList<>();
    try (RetainedRecords kept = p.retainedRecords(new ListCursor(items), now)) {
      for (kept.next(); kept.hasItem(); kept.next()) {
        records.add(kept.keyValue());
      }
    }
    Cursor cursor = new ListCursor(items);
    cursor.seekToFirst();
    cursor.next();
    List<RetainedKey> pairs = new ArrayList<>();
    try (GarbageCollector gc = p.collector(cursor, now)) {
      for (RetainedKey k = gc.next(); k != null; k = gc.next()) {
        pairs.add(k);
      }
    }
    assertEquals(pairs.size(), records.size(), "pairs and records");
    List<String> out = new ArrayList<>();
    String key = null;
    for (int i = 0; i < records.size(); i++) {
      KeyValue r = records.get(i);
      assertEquals(new RetainedKey(r.key(), r.timestamp()), pairs.get(i));
      assertTrue(items.contains(r), "an input item: " + r);
      String k = new String(r.key(), StandardCharsets.UTF_8);
      String v = (r.isTombstone() ? "T" : "V") + Long.toUnsignedString(r.timestamp());
      if (k.equals(key)) {
        out.set(out.size() - 1, out.get(out.size() - 1) + " " + v);
      } else {
        out.add(k + ": " + v);
        key = k;
      }
    }
    return out;
  }

  @Test
  void theExamplesOfTheCrate() throws SstException {
    // versions_example1, versions_example2, expires_example1, expires_example2 of gc.rs.
    assertEquals(List.of("key: T2 V1"), kept("versions = 2", 4, stream("key: T4 T3 T2 V1")));
    assertEquals(List.of("key: V4"), kept("versions = 2", 4, stream("key: V4 T3 T2 T1")));
    assertEquals(List.of("key: V4"), kept("ttl_micros = 2", 4, stream("key: V4 T3 T2 V1")));
    assertEquals(List.of(), kept("ttl_micros = 2", 4, stream("key: T4 T3 T2 V1")));
  }

  @Test
  void aValueAfterTombstonesCountsTwoVersions() throws SstException {
    List<KeyValue> s = stream("k: T9 T8 V7 V6 T5 V4 V3");
    assertEquals(List.of(), kept("versions = 1", 0, s), "2 > 1 at once");
    assertEquals(List.of("k: T8 V7"), kept("versions = 2", 0, s));
    assertEquals(List.of("k: T8 V7 V6"), kept("versions = 3", 0, s));
    assertEquals(List.of("k: T8 V7 V6"), kept("versions = 4", 0, s), "V4 brings the count to 5");
    assertEquals(List.of("k: T8 V7 V6 T5 V4"), kept("versions = 5", 0, s));
    assertEquals(List.of("k: T8 V7 V6 T5 V4 V3"), kept("versions = 6", 0, s));
    // The first value of a key with nothing before it is always kept, and each key starts afresh.
    assertEquals(List.of("a: V9 V8", "b: V3", "c: T2 V1"),
        kept("versions = 2", 0, stream("a: V9 V8 V7", "b: V3 T2 T1 V0", "c: T5 T2 V1 V0")));
  }

  @Test
  void aValueThatIsNotKeptStillCounts() throws SstException {
    // V6 (after T7) brings the count to 4 > 3: dropped, but counted, so V5 counts 5 and is dropped
    // too. Had V6 not counted, V5 would count 3 and be kept.
    assertEquals(List.of("k: V9 V8"), kept("versions = 3", 0, stream("k: V9 V8 T7 V6 V5")));
    assertEquals(List.of("k: V9 V8 T7 V6"), kept("versions = 4", 0, stream("k: V9 V8 T7 V6 V5")));
  }

  @Test
  void tombstonesWithoutALaterValueAreNeverKept() throws SstException {
    assertEquals(List.of("b: V5"),
        kept("all()", 0, stream("a: T9 T8", "b: V5 T4 T3", "c: T1")));
    // A run ends with its key: a's tombstones do not make b's value count 2.
    assertEquals(List.of("b: V5"), kept("versions = 1", 0, stream("a: T9 T8", "b: V5")));
  }

  @Test
  void ttlKeepsValuesAtOrAboveNowMinusTtl() throws SstException {
    List<KeyValue> s = stream("k: V12 T11 V10 V9");
    assertEquals(List.of("k: V12 T11 V10"), kept("ttl_micros = 2", 12, s), "threshold 10 kept");
    assertEquals(List.of("k: V12"), kept("ttl_micros = 1", 12, s), "threshold 11");
    assertEquals(List.of("k: V12 T11 V10 V9"), kept("ttl_micros = 3", 12, s));
  }

  @Test
  void ttlSaturatesAtZero() throws SstException {
    List<KeyValue> s = stream("k: V7 T1 V0");
    // now − ttl below zero is 0, and every timestamp is ≥ 0: everything with a value is kept.
    assertEquals(List.of("k: V7 T1 V0"), kept("ttl_micros = 8", 7, s));
    assertEquals(List.of("k: V7 T1 V0"), kept("ttl_micros = 7", 7, s), "exactly 0");
    assertEquals(List.of("k: V7"), kept("ttl_micros = 6", 7, s), "threshold 1");
    assertEquals(List.of("k: V7 T1 V0"), kept("ttl_micros = 18446744073709551615", 7, s));
    assertEquals(List.of("k: V7 T1 V0"), kept("ttl_micros = 18446744073709551615", -1L, s));
  }

  @Test
  void timestampsAreUnsigned() throws SstException {
    // 2^63 and above are the newest timestamps, not negative ones.
    List<KeyValue> s = stream("k: V18446744073709551615 V9223372036854775808 V9223372036854775807 V1");
    assertEquals(List.of("k: V18446744073709551615 V9223372036854775808"),
        kept("ttl_micros = 9223372036854775807", -1L, s), "threshold 2^63");
    assertEquals(List.of("k: V18446744073709551615"), kept("ttl_micros = 1", -1L, s));
    assertEquals(List.of("k: V18446744073709551615 V9223372036854775808 V9223372036854775807 V1"),
        kept("versions = 18446744073709551615", 0, s), "N above 2^63 compares unsigned");
  }

  @Test
  void anyAsksEveryMemberSoCountersSeeEveryValue() throws SstException {
    // ttl (threshold 9) keeps V10 and V9; had any() stopped asking there, versions = 2 would not
    // have counted them and would keep V8 and V7.
    List<KeyValue> s = stream("k: V10 V9 V8 V7");
    assertEquals(List.of("k: V10 V9"), kept("any(ttl_micros = 1, versions = 2)", 10, s));
    assertEquals(List.of("k: V10 V9"), kept("any(versions = 2, ttl_micros = 1)", 10, s));
    assertEquals(List.of("k: V10 V9 V8"), kept("any(ttl_micros = 2, versions = 1)", 10, s));
  }

  @Test
  void emptyAnyKeepsNothingAndEmptyAllKeepsEveryValue() throws SstException {
    List<KeyValue> s = stream("a: T5 T4 V3 V2 T1", "b: V1");
    assertEquals(List.of(), kept("any()", 0, s));
    assertEquals(List.of("a: T4 V3 V2", "b: V1"), kept("all()", 0, s));
    assertEquals(List.of("a: T4 V3 V2", "b: V1"), kept("all(all(), any(all()))", 0, s));
  }

  @Test
  void theEmptyKeyIsAKeyLikeAnother() throws SstException {
    // The crate's versions counter starts out on the empty key with count 0: same answer.
    List<KeyValue> s = stream(": T3 V2 V1", "a: V4 V3");
    assertEquals(List.of(": T3 V2", "a: V4 V3"), kept("versions = 2", 0, s));
  }

  @Test
  void theCollectorReadsFromWhereItsCursorStands() throws SstException {
    List<KeyValue> items = stream("a: V3 V2", "b: T9 V8");
    GcPolicy all = GcPolicy.parse("all()");
    // Before the first item (just after seekToFirst): the crate's collector yields nothing.
    ListCursor before = new ListCursor(items);
    before.seekToFirst();
    assertNull(all.collector(before, 0).next());
    // On the third item: from there on.
    ListCursor third = new ListCursor(items);
    third.seekToFirst();
    third.next();
    third.next();
    third.next();
    GarbageCollector gc = all.collector(third, 0);
    assertEquals("62 9", gc.next().toRetainedLine());
    assertEquals("62 8", gc.next().toRetainedLine());
    assertNull(gc.next());
    assertNull(gc.next());
  }

  @Test
  void retainedRecordsReadTheWholeCursorWhereverItStands() throws SstException {
    List<KeyValue> items = stream("a: V3 V2", "b: T9 V8");
    ListCursor cursor = new ListCursor(items);
    cursor.seekToLast();
    RetainedRecords kept = GcPolicy.parse("versions = 1").retainedRecords(cursor, 0);
    assertFalse(kept.hasItem());
    assertNull(kept.key());
    assertNull(kept.keyValue());
    kept.next();
    assertEquals(items.get(0), kept.keyValue());
    // a's V2 counts 2 > 1, and b's value after its tombstone counts 2 > 1.
    kept.next();
    assertFalse(kept.hasItem());
  }

  @Test
  void aKeptTombstoneIsTheItemJustBeforeItsValue() throws SstException {
    List<KeyValue> items = stream("k: T9 T8 T7 V6 T5 V4");
    RetainedRecords kept = GcPolicy.parse("all()").retainedRecords(new ListCursor(items), 0);
    List<KeyValue> out = new ArrayList<>();
    for (kept.next(); kept.hasItem(); kept.next()) {
      out.add(kept.keyValue());
      if (kept.value() == null) {
        assertNull(kept.value());
      } else {
        assertArrayEquals(("v" + kept.timestamp()).getBytes(StandardCharsets.UTF_8), kept.value());
      }
    }
    assertEquals(List.of(items.get(2), items.get(3), items.get(4), items.get(5)), out);
  }

  @Test
  void aLongTombstoneRunIsStreamedWithoutHoldingIt() throws SstException {
    // 200,000 tombstones of one key before its value: only the oldest one comes out.
    List<KeyValue> items = new ArrayList<>();
    byte[] key = {7};
    for (long ts = 200_001; ts > 1; ts--) {
      items.add(KeyValue.del(key, ts));
    }
    items.add(KeyValue.put(key, 1, new byte[] {1}));
    RetainedRecords kept = GcPolicy.parse("versions = 2").retainedRecords(new ListCursor(items), 0);
    kept.next();
    assertEquals(KeyValue.del(key, 2), kept.keyValue());
    kept.next();
    assertEquals(items.get(items.size() - 1), kept.keyValue());
    kept.next();
    assertFalse(kept.hasItem());
  }
}
