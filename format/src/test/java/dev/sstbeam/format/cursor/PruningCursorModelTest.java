package dev.sstbeam.format.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.table.Sst;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PruningCursor at many snapshot timestamps (0, u64::MAX, around 2^63, stored timestamps and
 * their neighbours) against the model computed directly: per key the first version ≤ T, kept when
 * it is a put.
 */
class PruningCursorModelTest {
  private static final long BASE_SEED = 0x9e_0001L;

  @TempDir Path dir;

  @Test
  void pruningOverTablesMatchesModel() throws Exception {
    for (int t = 0; t < 25; t++) {
      long seed = BASE_SEED + t;
      Random r = new Random(seed);
      List<KeyValue> items = RandomItems.items(r, RandomItems.count(r), 0.3);
      Path path = RandomItems.write(dir.resolve("p" + t + ".sst"), items, RandomItems.options(r));
      try (Sst sst = Sst.open(path)) {
        for (long snapshot : RandomItems.snapshots(r, items)) {
          List<KeyValue> want = RandomItems.visible(items, snapshot);
          String context = "table-seed " + seed + " (" + items.size() + " items) snapshot "
              + Long.toUnsignedString(snapshot) + " (" + want.size() + " visible)";
          OpChecker.scans(context, new PruningCursor(sst.cursor(), snapshot), new ListCursor(want),
              null);
          OpChecker.run(context, seed * 1000 + (snapshot & 0xfff),
              new PruningCursor(sst.cursor(), snapshot), new ListCursor(want), items, 60, null);
        }
      }
    }
  }

  @Test
  void pruningOverMergedTablesMatchesModel() throws Exception {
    for (int c = 0; c < 15; c++) {
      long seed = BASE_SEED + 10_000 + c;
      Random r = new Random(seed);
      MergedModel m = new MergedModel(r, 2 + r.nextInt(3));
      List<Sst> tables = m.write(dir, "pm" + c, r);
      try {
        long[] snapshots = RandomItems.snapshots(r, m.merged);
        for (int q = 0; q < 8; q++) {
          long snapshot = snapshots[r.nextInt(snapshots.length)];
          List<KeyValue> want = RandomItems.visible(m.merged, snapshot);
          String context = "case-seed " + seed + " (" + m.describe() + ") snapshot "
              + Long.toUnsignedString(snapshot);
          OpChecker.run(context, seed * 1000 + q,
              new PruningCursor(new MergingCursor(MergedModel.cursors(tables)), snapshot),
              new ListCursor(want), m.merged, 60, null);
        }
      } finally {
        MergedModel.closeAll(tables);
      }
    }
  }

  @Test
  void pruningOverListsMatchesModel() throws Exception {
    for (int c = 0; c < 1500; c++) {
      long seed = BASE_SEED + 20_000 + c;
      Random r = new Random(seed);
      List<KeyValue> items = RandomItems.items(r, RandomItems.count(r) / 4, 0.35);
      long[] snapshots = RandomItems.snapshots(r, items);
      long snapshot = snapshots[r.nextInt(snapshots.length)];
      List<KeyValue> want = RandomItems.visible(items, snapshot);
      String context = "case-seed " + seed + " (" + items.size() + " items) snapshot "
          + Long.toUnsignedString(snapshot);
      OpChecker.run(context, seed, new PruningCursor(new ListCursor(items), snapshot),
          new ListCursor(want), items, 40, null);
    }
  }

  @Test
  void directedExample() throws Exception {
    // a: put@9 del@5 put@3; b: put@7; c: del@4 put@2; d: put@u64::MAX
    List<KeyValue> items = new ArrayList<>();
    items.add(KeyValue.put(b("a"), 9, b("a9")));
    items.add(KeyValue.del(b("a"), 5));
    items.add(KeyValue.put(b("a"), 3, b("a3")));
    items.add(KeyValue.put(b("b"), 7, b("b7")));
    items.add(KeyValue.del(b("c"), 4));
    items.add(KeyValue.put(b("c"), 2, b("c2")));
    items.add(KeyValue.put(b("d"), -1L, b("dmax")));
    assertEquals(List.of("a3", "c2"), scan(items, 3));
    assertEquals(List.of(), scan(items, 5));
    assertEquals(List.of("b7"), scan(items, 7));
    assertEquals(List.of("a9", "b7", "dmax"), scan(items, -1L));
    assertEquals(List.of(), scan(items, 1));
    assertEquals(List.of("a9", "b7"), scan(items, Long.MIN_VALUE));
  }

  private static List<String> scan(List<KeyValue> items, long t) throws Exception {
    List<String> out = new ArrayList<>();
    PruningCursor c = new PruningCursor(new ListCursor(items), t);
    for (c.next(); c.hasItem(); c.next()) {
      out.add(new String(c.value(), StandardCharsets.UTF_8));
    }
    List<String> back = new ArrayList<>();
    c.seekToLast();
    for (c.prev(); c.hasItem(); c.prev()) {
      back.add(0, new String(c.value(), StandardCharsets.UTF_8));
    }
    assertEquals(out, back, "backward scan");
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
