package dev.sstbeam.format.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstWriter;
import dev.sstbeam.format.testsupport.RustRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests against the crate itself ({@code rust-ref/bin/gen gc} and {@code gen
 * gc-parse}; skipped when absent): random tables (tombstone runs, the empty key, prefixes,
 * timestamps near 0, 2^63 and 2^64 − 1) with random policies and "now"s, thresholds placed on, just
 * above and just below the tables' timestamps; and random policy texts, valid and mutated. Seeded,
 * so a failure names what to replay.
 */
class GcDifferentialTest {
  private static final int TABLES = 80;
  private static final int RUNS_PER_TABLE = 6;
  private static final int TEXTS = 1000;

  @TempDir Path dir;

  @Test
  void retainedPairsAreTheCratesOnRandomTables() throws Exception {
    Path gen = RustRef.gen();
    Random r = new Random(0x6763);
    for (int t = 0; t < TABLES; t++) {
      List<KeyValue> items = randomTable(r);
      Path table = dir.resolve("t" + t + ".sst");
      try (SstWriter w = SstWriter.create(table)) {
        for (KeyValue kv : items) {
          w.add(kv);
        }
        w.seal();
      }
      long[] timestamps = items.stream().mapToLong(KeyValue::timestamp).toArray();
      for (int run = 0; run < RUNS_PER_TABLE; run++) {
        long now = now(r, timestamps);
        String policy = validPolicy(r, 0, timestamps, now);
        RustRef.Run rust = RustRef.run(gen, "gc", table.toString(), policy, Long.toUnsignedString(now));
        String what = "table " + t + " (" + items.size() + " items), policy " + policy + ", now "
            + Long.toUnsignedString(now);
        assertEquals(0, rust.status, what + ": " + rust.err);
        GcPolicy parsed = GcPolicy.parse(policy);
        assertEquals(rust.out, GcVectorTest.collectedPairs(table, parsed, now), what);
        assertEquals(rust.out, retainedRecordPairs(table, parsed, now), what + " (records)");
      }
    }
  }

  @Test
  void policyTextsParseAsInTheCrate() {
    Path gen = RustRef.gen();
    Random r = new Random(0x7061);
    long[] timestamps = {0, 5, 1000, -1L};
    int accepted = 0;
    for (int i = 0; i < TEXTS; i++) {
      String text = validPolicy(r, 0, timestamps, 1000);
      if (r.nextInt(3) > 0) {
        text = mutate(r, text);
      }
      String rust = RustRef.run(gen, "gc-parse", text).out;
      String ours;
      try {
        ours = "ok " + GcPolicy.parse(text) + "\n";
        accepted++;
      } catch (GcPolicyParseException e) {
        ours = "error\n";
      }
      assertEquals(rust, ours, "text " + escape(text));
    }
    // Both answers must be well represented for the comparison to mean something.
    assertEquals(true, accepted > TEXTS / 4 && accepted < TEXTS * 3 / 4, "accepted " + accepted);
  }

  private static String retainedRecordPairs(Path table, GcPolicy policy, long now)
      throws SstException {
    StringBuilder sb = new StringBuilder();
    try (Sst sst = Sst.open(table); RetainedRecords kept = policy.retainedRecords(sst.cursor(), now)) {
      for (kept.next(); kept.hasItem(); kept.next()) {
        sb.append(new RetainedKey(kept.key(), kept.timestamp()).toRetainedLine()).append('\n');
      }
    }
    return sb.toString();
  }

  // ---- random tables ---------------------------------------------------------------------------

  private static final byte[] ALPHABET = {0x00, 0x61, 0x62, (byte) 0xff};

  /** Items in table order: 1–40 keys, 1–12 versions each, tombstones alone and in runs. */
  static List<KeyValue> randomTable(Random r) {
    TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    int keyCount = 1 + r.nextInt(40);
    while (keys.size() < keyCount) {
      byte[] k = new byte[r.nextInt(5)];
      for (int i = 0; i < k.length; i++) {
        k[i] = ALPHABET[r.nextInt(ALPHABET.length)];
      }
      keys.add(k);
    }
    int mode = r.nextInt(4);
    double tombstones = new double[] {0, 0.2, 0.5, 0.8}[r.nextInt(4)];
    List<KeyValue> items = new ArrayList<>();
    for (byte[] key : keys) {
      TreeSet<Long> versions = new TreeSet<>((a, b) -> Long.compareUnsigned(b, a));
      int count = 1 + r.nextInt(12);
      while (versions.size() < count) {
        long ts = timestamp(r, mode == 3 ? r.nextInt(3) : mode);
        if (!(key.length == 0 && ts == -1L)) { // ("", u64::MAX) is not a table item
          versions.add(ts);
        }
      }
      boolean tombstone = false;
      for (long ts : versions) {
        // Runs: a tombstone tends to follow a tombstone.
        tombstone = r.nextDouble() < (tombstone ? Math.min(0.9, tombstones * 1.5) : tombstones);
        items.add(tombstone ? KeyValue.del(key, ts) : KeyValue.put(key, ts, new byte[] {(byte) ts}));
      }
    }
    return items;
  }

  private static long timestamp(Random r, int mode) {
    switch (mode) {
      case 0:
        return r.nextInt(40);
      case 1:
        return Long.MIN_VALUE - 20 + r.nextInt(40); // around 2^63
      default:
        return -1L - r.nextInt(40); // up to 2^64 - 1
    }
  }

  private static long now(Random r, long[] timestamps) {
    long ts = timestamps[r.nextInt(timestamps.length)];
    switch (r.nextInt(5)) {
      case 0:
        return 0;
      case 1:
        return -1L;
      case 2:
        return r.nextLong();
      default:
        return ts + r.nextInt(30);
    }
  }

  // ---- random policy texts ---------------------------------------------------------------------

  private static final String[] SPACE = {"", "", "", " ", "  ", "\t", "\n", "\r\n", " \n\t"};

  private static String ws(Random r) {
    return SPACE[r.nextInt(SPACE.length)];
  }

  /** A valid policy text with random spacing, trailing commas and leading zeros. */
  static String validPolicy(Random r, int depth, long[] timestamps, long now) {
    int kind = r.nextInt(depth >= 3 ? 2 : 4);
    if (kind < 2) {
      String number = kind == 0 ? versions(r) : ttl(r, timestamps, now);
      if (r.nextInt(10) == 0) {
        number = "0".repeat(1 + r.nextInt(3)) + number;
      }
      return ws(r) + (kind == 0 ? "versions" : "ttl_micros") + ws(r) + "=" + ws(r) + number + ws(r);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(ws(r)).append(kind == 2 ? "any" : "all").append(ws(r)).append('(').append(ws(r));
    int members = r.nextInt(4);
    for (int i = 0; i < members; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(validPolicy(r, depth + 1, timestamps, now));
    }
    if (r.nextInt(4) == 0) {
      sb.append(',');
    }
    return sb.append(ws(r)).append(')').append(ws(r)).toString();
  }

  private static String versions(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return "18446744073709551615";
      case 1:
        return Integer.toString(1 + r.nextInt(20));
      default:
        return Integer.toString(1 + r.nextInt(4));
    }
  }

  /** Often exactly the distance from now to a timestamp of the table, or one more or less. */
  private static String ttl(Random r, long[] timestamps, long now) {
    long ttl;
    switch (r.nextInt(5)) {
      case 0:
        ttl = -1L;
        break;
      case 1:
        ttl = 1 + r.nextInt(10);
        break;
      default:
        ttl = now - timestamps[r.nextInt(timestamps.length)] + r.nextInt(3) - 1;
    }
    return Long.toUnsignedString(ttl == 0 ? 1 : ttl);
  }

  private static final String NOISE = ",()=-0 9xav_\t\n\u000b\u000c";

  /** One to three random edits: a character removed, inserted, doubled, or a word changed. */
  static String mutate(Random r, String text) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length());
      switch (r.nextInt(6)) {
        case 0:
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
          break;
        case 1:
          sb.insert(at, NOISE.charAt(r.nextInt(NOISE.length())));
          break;
        case 2:
          if (sb.length() > 0) {
            sb.insert(at, sb.charAt(at));
          }
          break;
        case 3:
          sb.append(r.nextBoolean() ? "," : " versions = 1");
          break;
        case 4:
          sb.insert(0, r.nextBoolean() ? "," : "any(");
          break;
        default:
          String s = sb.toString().replaceFirst(r.nextBoolean() ? "= [0-9]+" : "=[0-9]+",
              r.nextBoolean() ? "= 0" : "= 18446744073709551616");
          sb.setLength(0);
          sb.append(s);
      }
    }
    return sb.toString();
  }

  private static String escape(String text) {
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        .replace("\u000b", "\\v").replace("\u000c", "\\f");
  }
}
