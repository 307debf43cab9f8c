package dev.sstbeam.format.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SstCursor and Sst.load against the in-memory model, over seeded random tables with many small
 * blocks and small or degenerate restart intervals.
 */
class SstCursorModelTest {
  private static final long BASE_SEED = 0x55_0001L;
  private static final int TABLES = 60;
  private static final int SEQUENCES = 15;

  @TempDir Path dir;

  @Test
  void cursorMatchesModel() throws Exception {
    int blocksSeen = 0;
    for (int t = 0; t < TABLES; t++) {
      long seed = BASE_SEED + t;
      Random r = new Random(seed);
      List<KeyValue> items = RandomItems.items(r, RandomItems.count(r), 0.25);
      SstOptions options = RandomItems.options(r);
      Path path = RandomItems.write(dir.resolve("t" + t + ".sst"), items, options);
      String context = "table-seed " + seed + " (" + items.size() + " items, " + options + ")";
      try (Sst sst = Sst.open(path)) {
        blocksSeen = Math.max(blocksSeen, sst.dataBlocks().size());
        OpChecker.scans(context, sst.cursor(), new ListCursor(items), null);
        for (int s = 0; s < SEQUENCES; s++) {
          OpChecker.run(context, seed * 1000 + s, sst.cursor(), new ListCursor(items), items, 60,
              null);
        }
      }
    }
    assertTrue(blocksSeen >= 10, "tables should have many blocks, largest had " + blocksSeen);
  }

  @Test
  void loadMatchesModel() throws Exception {
    for (int t = 0; t < TABLES; t++) {
      long seed = BASE_SEED + 500 + t;
      Random r = new Random(seed);
      List<KeyValue> items = RandomItems.items(r, RandomItems.count(r), 0.3);
      Path path = RandomItems.write(dir.resolve("l" + t + ".sst"), items, RandomItems.options(r));
      try (Sst sst = Sst.open(path)) {
        for (int q = 0; q < 300; q++) {
          byte[] key = RandomItems.seekKey(r, items);
          long ts;
          if (!items.isEmpty() && r.nextBoolean()) {
            ts = items.get(r.nextInt(items.size())).timestamp() + (r.nextInt(3) - 1);
          } else {
            ts = RandomItems.timestamp(r);
          }
          KeyValue want = newestAtOrBefore(items, key, ts);
          String what = "table-seed " + seed + " load(" + java.util.HexFormat.of().formatHex(key)
              + ", " + Long.toUnsignedString(ts) + ")";
          assertEquals(want, sst.load(key, ts), what);
          assertEquals(want, sst.loadWithoutFilter(key, ts), what + " without filter");
        }
      }
    }
  }

  /** The model of load: the first item of {@code key} in table order with timestamp ≤ ts. */
  static KeyValue newestAtOrBefore(List<KeyValue> items, byte[] key, long ts) {
    for (KeyValue kv : items) {
      if (Arrays.equals(kv.key(), key) && Long.compareUnsigned(kv.timestamp(), ts) <= 0) {
        return kv;
      }
    }
    return null;
  }

  @Test
  void emptyTableIsEmpty() throws Exception {
    Path path = RandomItems.write(dir.resolve("empty.sst"), new ArrayList<>(), SstOptions.DEFAULT);
    assertEquals(122, java.nio.file.Files.size(path));
    try (Sst sst = Sst.open(path)) {
      List<KeyValue> none = new ArrayList<>();
      OpChecker.scans("empty table", sst.cursor(), new ListCursor(none), null);
      for (int s = 0; s < 20; s++) {
        OpChecker.run("empty table", s, sst.cursor(), new ListCursor(none), none, 30, null);
      }
      assertEquals(null, sst.load(new byte[0], 0));
    }
  }

  @Test
  void modelIsSortedInTableOrder() {
    Random r = new Random(1);
    List<KeyValue> items = RandomItems.items(r, 500, 0.2);
    for (int i = 1; i < items.size(); i++) {
      assertTrue(KeyOrder.INSTANCE.compare(items.get(i - 1), items.get(i)) < 0);
    }
  }
}
