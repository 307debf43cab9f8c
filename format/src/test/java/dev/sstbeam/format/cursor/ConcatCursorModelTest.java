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
 * ConcatCursor over tables holding consecutive pieces of one sorted item list — cut at random
 * positions, just after tombstones, at key boundaries and between versions of one key, with empty
 * tables anywhere — against the model: the whole list.
 */
class ConcatCursorModelTest {
  private static final long BASE_SEED = 0xc0_0001L;

  @TempDir Path dir;

  @Test
  void concatOfTablesMatchesModel() throws Exception {
    int emptyTables = 0;
    int tombstoneEnds = 0;
    for (int c = 0; c < 40; c++) {
      long seed = BASE_SEED + c;
      Random r = new Random(seed);
      List<KeyValue> items = RandomItems.items(r, RandomItems.count(r), 0.3);
      List<List<KeyValue>> pieces = split(r, items);
      for (int i = 0; i < pieces.size(); i++) {
        List<KeyValue> piece = pieces.get(i);
        emptyTables += piece.isEmpty() ? 1 : 0;
        boolean tombstoneLast = !piece.isEmpty() && piece.get(piece.size() - 1).isTombstone();
        tombstoneEnds += tombstoneLast && i < pieces.size() - 1 ? 1 : 0;
      }
      List<Sst> tables = new ArrayList<>();
      try {
        for (int i = 0; i < pieces.size(); i++) {
          Path p = RandomItems.write(dir.resolve("c" + c + "-" + i + ".sst"), pieces.get(i),
              RandomItems.options(r));
          tables.add(Sst.open(p));
        }
        String context = "case-seed " + seed + " (" + describe(pieces) + ")";
        OpChecker.scans(context, new ConcatCursor(MergedModel.cursors(tables)),
            new ListCursor(items), null);
        for (int s = 0; s < 12; s++) {
          OpChecker.run(context, seed * 1000 + s, new ConcatCursor(MergedModel.cursors(tables)),
              new ListCursor(items), items, 60, null);
        }
      } finally {
        MergedModel.closeAll(tables);
      }
    }
    assertTrue(emptyTables >= 5, "empty tables: " + emptyTables);
    assertTrue(tombstoneEnds >= 5, "inputs ending in a tombstone: " + tombstoneEnds);
  }

  @Test
  void concatOfListsMatchesModel() throws Exception {
    for (int c = 0; c < 2000; c++) {
      long seed = BASE_SEED + 10_000 + c;
      Random r = new Random(seed);
      List<KeyValue> items = RandomItems.items(r, RandomItems.count(r) / 4, 0.3);
      List<List<KeyValue>> pieces = split(r, items);
      List<Cursor> inputs = new ArrayList<>();
      for (List<KeyValue> piece : pieces) {
        inputs.add(new ListCursor(piece));
      }
      String context = "case-seed " + seed + " (" + describe(pieces) + ", list inputs)";
      OpChecker.run(context, seed, new ConcatCursor(inputs), new ListCursor(items), items, 40,
          null);
    }
  }

  @Test
  void noInputsIsEmpty() throws Exception {
    List<KeyValue> none = List.of();
    OpChecker.scans("no inputs", new ConcatCursor(List.of()), new ListCursor(none), null);
    OpChecker.run("no inputs", 1, new ConcatCursor(List.of()), new ListCursor(none), none, 30, null);
  }

  /**
   * Cuts {@code items} into 0–8 consecutive pieces; equal cut points make empty pieces, and
   * sometimes an empty piece is added at either end.
   */
  static List<List<KeyValue>> split(Random r, List<KeyValue> items) {
    int cuts = r.nextInt(8);
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < cuts; i++) {
      at.add(cutPoint(r, items));
    }
    at.sort(null);
    List<List<KeyValue>> pieces = new ArrayList<>();
    if (r.nextInt(4) == 0) {
      pieces.add(List.of());
    }
    int from = 0;
    for (int cut : at) {
      pieces.add(new ArrayList<>(items.subList(from, cut)));
      from = cut;
    }
    pieces.add(new ArrayList<>(items.subList(from, items.size())));
    if (r.nextInt(4) == 0) {
      pieces.add(List.of());
    }
    if (r.nextInt(20) == 0) {
      pieces.clear();
      if (items.isEmpty()) {
        for (int i = r.nextInt(3); i > 0; i--) {
          pieces.add(List.of());
        }
      } else {
        pieces.add(items);
      }
    }
    return pieces;
  }

  /** A cut position: random, just after a tombstone, or at the start of a key's versions. */
  private static int cutPoint(Random r, List<KeyValue> items) {
    int n = items.size();
    int p = r.nextInt(n + 1);
    switch (r.nextInt(3)) {
      case 0:
        return p;
      case 1:
        for (int i = p; i < n; i++) {
          if (items.get(i).isTombstone()) {
            return i + 1;
          }
        }
        return p;
      default:
        while (p > 0 && p < n
            && java.util.Arrays.equals(items.get(p - 1).key(), items.get(p).key())) {
          p++;
        }
        return p;
    }
  }

  private static String describe(List<List<KeyValue>> pieces) {
    StringBuilder b = new StringBuilder(pieces.size() + " inputs of ");
    for (int i = 0; i < pieces.size(); i++) {
      b.append(i == 0 ? "" : "+").append(pieces.get(i).size());
    }
    return b.append(" items").toString();
  }

  // Directed cases for the two Rust bugs of FORMAT.md §6.5.

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** 13 inputs holding A–B, C–D, …, Y–Z. */
  private static List<Cursor> alphabet() {
    List<Cursor> inputs = new ArrayList<>();
    for (char c = 'A'; c < 'Z'; c += 2) {
      inputs.add(new ListCursor(List.of(
          KeyValue.put(b(String.valueOf(c)), 1, b("v")),
          KeyValue.put(b(String.valueOf((char) (c + 1))), 1, b("v")))));
    }
    return inputs;
  }

  @Test
  void seekFindsTheAdjacentInput() throws Exception {
    ConcatCursor c = new ConcatCursor(alphabet());
    for (char k = 'A'; k <= 'Z'; k++) {
      c.seek(b(String.valueOf(k)));
      assertTrue(c.hasItem(), "seek " + k);
      assertArrayEquals(b(String.valueOf(k)), c.key(), "seek " + k);
      assertEquals((k - 'A') / 2, c.currentInput());
    }
    c.seek(b("@"));
    assertArrayEquals(b("A"), c.key());
    c.seek(b("Z1"));
    assertFalse(c.hasItem());
    c.prev();
    assertArrayEquals(b("Z"), c.key());
  }

  @Test
  void seekBetweenInputsLandsOnTheNextOne() throws Exception {
    ConcatCursor c = new ConcatCursor(alphabet());
    c.seek(b("B1"));
    assertArrayEquals(b("C"), c.key());
    c.seek(b("X1"));
    assertArrayEquals(b("Y"), c.key());
  }

  @Test
  void tombstoneAtTheEndOfAnInputIsAnItem() throws Exception {
    List<Cursor> inputs = List.of(
        new ListCursor(List.of(KeyValue.put(b("a"), 1, b("v")), KeyValue.del(b("b"), 1),
            KeyValue.put(b("c"), 1, b("v")))),
        new ListCursor(List.of()),
        new ListCursor(List.of(KeyValue.del(b("d"), 1))),
        new ListCursor(List.of(KeyValue.put(b("e"), 1, b("v")))));
    ConcatCursor c = new ConcatCursor(inputs);
    List<String> keys = new ArrayList<>();
    for (c.next(); c.hasItem(); c.next()) {
      keys.add(new String(c.key(), StandardCharsets.UTF_8) + (c.value() == null ? "-" : "+"));
    }
    assertEquals(List.of("a+", "b-", "c+", "d-", "e+"), keys);
  }
}
