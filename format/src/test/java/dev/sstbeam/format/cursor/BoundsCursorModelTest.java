package dev.sstbeam.format.cursor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * BoundsCursor with every kind of bound on each side (including equal and crossed bounds) against
 * the model: the inner items whose keys lie in the range.
 */
class BoundsCursorModelTest {
  private static final long BASE_SEED = 0xb0_0001L;

  @TempDir Path dir;

  @Test
  void boundsOverTablesMatchModel() throws Exception {
    for (int t = 0; t < 30; t++) {
      long seed = BASE_SEED + t;
      Random r = new Random(seed);
      List<KeyValue> items = RandomItems.items(r, RandomItems.count(r), 0.25);
      Path path = RandomItems.write(dir.resolve("b" + t + ".sst"), items, RandomItems.options(r));
      try (Sst sst = Sst.open(path)) {
        for (int b = 0; b < 12; b++) {
          Bound[] bounds = bounds(r, items);
          List<KeyValue> want = RandomItems.bounded(items, bounds[0], bounds[1]);
          String context = "table-seed " + seed + " (" + items.size() + " items) bounds "
              + bounds[0] + ".." + bounds[1] + " (" + want.size() + " in range)";
          OpChecker.scans(context, new BoundsCursor(sst.cursor(), bounds[0], bounds[1]),
              new ListCursor(want), null);
          for (int s = 0; s < 3; s++) {
            OpChecker.run(context, seed * 1000 + b * 10 + s,
                new BoundsCursor(sst.cursor(), bounds[0], bounds[1]), new ListCursor(want), items,
                50, null);
          }
        }
      }
    }
  }

  @Test
  void boundsOverListsMatchModel() throws Exception {
    for (int c = 0; c < 1500; c++) {
      long seed = BASE_SEED + 10_000 + c;
      Random r = new Random(seed);
      List<KeyValue> items = RandomItems.items(r, RandomItems.count(r) / 4, 0.25);
      Bound[] bounds = bounds(r, items);
      List<KeyValue> want = RandomItems.bounded(items, bounds[0], bounds[1]);
      String context = "case-seed " + seed + " (" + items.size() + " items) bounds " + bounds[0]
          + ".." + bounds[1];
      OpChecker.run(context, seed, new BoundsCursor(new ListCursor(items), bounds[0], bounds[1]),
          new ListCursor(want), items, 40, null);
    }
  }

  /** The range scan of Rust's Sst::range_scan: bounds over a snapshot over a merge. */
  @Test
  void boundsOverPruningOverMergeMatchModel() throws Exception {
    for (int c = 0; c < 25; c++) {
      long seed = BASE_SEED + 20_000 + c;
      Random r = new Random(seed);
      MergedModel m = new MergedModel(r, 1 + r.nextInt(3));
      List<Sst> tables = m.write(dir, "rs" + c, r);
      try {
        long[] snapshots = RandomItems.snapshots(r, m.merged);
        for (int q = 0; q < 6; q++) {
          long t = snapshots[r.nextInt(snapshots.length)];
          Bound[] bounds = bounds(r, m.merged);
          List<KeyValue> want =
              RandomItems.bounded(RandomItems.visible(m.merged, t), bounds[0], bounds[1]);
          String context = "case-seed " + seed + " (" + m.describe() + ") snapshot "
              + Long.toUnsignedString(t) + " bounds " + bounds[0] + ".." + bounds[1];
          for (int s = 0; s < 3; s++) {
            Cursor cursor = new BoundsCursor(
                new PruningCursor(new MergingCursor(MergedModel.cursors(tables)), t),
                bounds[0], bounds[1]);
            OpChecker.run(context, seed * 1000 + q * 10 + s, cursor, new ListCursor(want),
                m.merged, 40, null);
          }
        }
      } finally {
        MergedModel.closeAll(tables);
      }
    }
  }

  /** A start and an end bound; sometimes on the same key, sometimes crossed. */
  static Bound[] bounds(Random r, List<KeyValue> items) {
    Bound start = RandomItems.bound(r, items);
    Bound end = RandomItems.bound(r, items);
    if (r.nextInt(6) == 0 && start.key() != null) {
      end = r.nextBoolean() ? Bound.included(start.key()) : Bound.excluded(start.key());
    }
    return new Bound[] {start, end};
  }

  // Directed cases where Rust's BoundsCursor reports items outside the range (FORMAT.md §6.4).

  private static List<KeyValue> abc() {
    List<KeyValue> items = new ArrayList<>();
    for (String k : new String[] {"a", "b", "c", "d", "e"}) {
      items.add(KeyValue.put(bytes(k), 2, bytes(k + "2")));
      items.add(KeyValue.put(bytes(k), 1, bytes(k + "1")));
    }
    return items;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void prevAfterSeekBeyondEndLandsOnLastInRange() throws Exception {
    BoundsCursor c = new BoundsCursor(new ListCursor(abc()), Bound.included(bytes("b")),
        Bound.included(bytes("c")));
    c.seek(bytes("e"));
    assertFalse(c.hasItem());
    c.prev();
    assertArrayEquals(bytes("c"), c.key());
    assertEquals(1, c.timestamp());
  }

  @Test
  void prevAfterRunningOffTheEndLandsOnLastInRange() throws Exception {
    BoundsCursor c = new BoundsCursor(new ListCursor(abc()), Bound.excluded(bytes("a")),
        Bound.excluded(bytes("c")));
    List<String> seen = new ArrayList<>();
    for (c.next(); c.hasItem(); c.next()) {
      seen.add(new String(c.key(), StandardCharsets.UTF_8) + c.timestamp());
    }
    assertEquals(List.of("b2", "b1"), seen);
    c.next();
    assertFalse(c.hasItem());
    c.prev();
    assertArrayEquals(bytes("b"), c.key());
    assertEquals(1, c.timestamp());
  }

  @Test
  void innerRunningOutIsAfterLast() throws Exception {
    BoundsCursor c = new BoundsCursor(new ListCursor(abc()), Bound.included(bytes("d")),
        Bound.unbounded());
    c.seek(bytes("e"));
    c.next();
    c.next();
    assertFalse(c.hasItem());
    c.prev();
    assertTrue(c.hasItem());
    assertArrayEquals(bytes("e"), c.key());
    assertEquals(1, c.timestamp());
  }

  @Test
  void seekBelowStartLandsOnFirstInRange() throws Exception {
    BoundsCursor c = new BoundsCursor(new ListCursor(abc()), Bound.excluded(bytes("b")),
        Bound.unbounded());
    c.seek(bytes("a"));
    assertArrayEquals(bytes("c"), c.key());
    assertEquals(2, c.timestamp());
    c.prev();
    assertFalse(c.hasItem());
    c.next();
    assertArrayEquals(bytes("c"), c.key());
  }
}
