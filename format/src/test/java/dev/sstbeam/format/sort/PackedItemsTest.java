package dev.sstbeam.format.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedItemsTest {
  private static final int SLAB = 64 << 10;

  @Test
  void readsBackEveryItemAsAddedAcrossSlabs() {
    PackedItems items = new PackedItems(new SlabPool(SLAB));
    List<KeyValue> added = ExternalSorterTest.items(new Random(11), 20_000, 500, 500);
    // the largest item there is, which fits no 64 KiB slab with anything else
    added.add(7, KeyValue.put(filled(Limits.MAX_KEY_LEN, 3), -1L, filled(Limits.MAX_VALUE_LEN, 9)));
    added.add(KeyValue.put(new byte[0], 0, new byte[0]));
    added.add(KeyValue.del(new byte[0], Long.MIN_VALUE));
    for (KeyValue kv : added) {
      items.add(kv);
    }
    assertEquals(added.size(), items.size());
    for (int i = 0; i < added.size(); i++) {
      assertEquals(added.get(i), items.get(i), "item " + i);
      assertEquals(added.get(i).isTombstone(), items.get(i).isTombstone(), "item " + i);
    }
  }

  @Test
  void sortsInTheOrderOfTheListSortWithEqualItemsInTheOrderAdded() {
    PackedItems items = new PackedItems(new SlabPool(SLAB));
    List<KeyValue> added = ExternalSorterTest.items(new Random(12), 30_000, 3_000, 3_000);
    for (KeyValue kv : added) {
      items.add(kv);
    }
    List<KeyValue> expected = new ArrayList<>(added);
    TableOrderSort.sort(expected);
    int[] order = items.sortedOrder();
    for (int i = 0; i < order.length; i++) {
      assertSame(expected.get(i), added.get(order[i]), "position " + i);
    }
  }

  @Test
  void anItemLargerThanASlabGetsAnArrayOfItsOwnThatIsNotPooled() {
    SlabPool pool = new SlabPool(SLAB);
    PackedItems items = new PackedItems(pool);
    KeyValue big = KeyValue.put(filled(100, 1), 5, filled(SLAB, 2));
    items.add(KeyValue.put(filled(3, 4), 1, filled(3, 5)));
    items.add(big);
    items.add(KeyValue.del(filled(2, 6), 2));
    assertEquals(big, items.get(1));
    assertTrue(items.bytes() >= 2L * SLAB + 100, "counts the large array: " + items.bytes());
    items.clear();
    byte[] first = pool.take();
    byte[] second = pool.take();
    assertEquals(SLAB, first.length);
    assertEquals(SLAB, second.length);
  }

  @Test
  void clearGivesTheSlabsBackAndTheNextItemsReuseThem() {
    SlabPool pool = new SlabPool(SLAB);
    PackedItems items = new PackedItems(pool);
    for (int i = 0; i < 1_000; i++) {
      items.add(KeyValue.put(filled(10, i), i, filled(500, i)));
    }
    long held = items.bytes();
    items.clear();
    assertEquals(0, items.size());
    assertEquals(0, items.bytes());
    byte[] reused = pool.take();
    pool.give(List.of(reused));
    items.add(KeyValue.put(filled(4, 1), 1, filled(4, 2)));
    assertSame(reused, items.array(0), "the first slab taken after clear() is a pooled one");
    assertArrayEquals(filled(4, 2), items.get(0).value());
    assertTrue(held >= 1_000L * (PackedItems.HEADER + 510), "counts item bytes: " + held);
  }

  private static byte[] filled(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }
}
