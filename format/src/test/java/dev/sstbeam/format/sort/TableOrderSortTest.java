package dev.sstbeam.format.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TableOrderSortTest {
  /** Bytes that stress the window: zero (the padding's value), 0x01, 0x7f/0x80 (sign), 0xff. */
  private static final byte[] ALPHABET = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xff, 'a'};

  @Test
  void sortsLikeTheTableOrderAndKeepsEqualItemsInTheirOrder() {
    Random random = new Random(42);
    for (int round = 0; round < 2_000; round++) {
      byte[] prefix = randomKey(random, random.nextInt(12));
      int n = 1 + random.nextInt(300);
      List<KeyValue> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] key = concat(prefix, randomKey(random, random.nextInt(14)));
        // a few timestamps, the unsigned top included, so equal (key, ts) pairs are common
        long ts = random.nextInt(4) == 0 ? -1L - random.nextInt(2) : random.nextInt(3);
        items.add(random.nextBoolean()
            ? KeyValue.put(key, ts, new byte[] {(byte) i})
            : KeyValue.del(key, ts));
      }
      assertSortsLikeKeyOrder(items);
    }
  }

  @Test
  void sortsALargeListWhoseIndexTakesSeventeenBitsOfEachNumber() {
    Random random = new Random(7);
    List<KeyValue> items = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      byte[] key = concat("user/".getBytes(StandardCharsets.US_ASCII), randomKey(random, 1 + random.nextInt(9)));
      items.add(KeyValue.put(key, random.nextInt(2), new byte[] {(byte) i}));
    }
    assertSortsLikeKeyOrder(items);
  }

  @Test
  void sortsKeysThatArePrefixesOfEachOtherOrEmpty() {
    List<KeyValue> items = new ArrayList<>();
    for (String k : new String[] {"ab\0", "ab", "", "ab\0\0\0\0\0\0\0\0", "ab\0\0\0\0\0\0\0\0\1",
        "a", "ab\1", "\0", "ab\0\0\0\0\0\0\0\0"}) {
      items.add(KeyValue.del(k.getBytes(StandardCharsets.ISO_8859_1), 7));
    }
    assertSortsLikeKeyOrder(items);
  }

  @Test
  void sortsAListWhoseKeysAreAllEqualByTimestampAlone() {
    List<KeyValue> items = new ArrayList<>();
    for (long ts : new long[] {3, -1, 0, 3, 9, Long.MIN_VALUE}) {
      items.add(KeyValue.del("same".getBytes(StandardCharsets.US_ASCII), ts));
    }
    assertSortsLikeKeyOrder(items);
  }

  @Test
  void sortsGroupsOfEqualWindowsOfEverySizeAroundTheInsertionLimit() {
    Random random = new Random(11);
    for (int size = 2; size <= TableOrderSort.SMALL_GROUP + 3; size++) {
      List<KeyValue> items = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        // "p/" then eight equal bytes (one window for all), then what orders them; equal
        // (key, ts) pairs among them show whether the order is stable.
        byte[] key = concat("p/windows!".getBytes(StandardCharsets.US_ASCII), randomKey(random, random.nextInt(3)));
        items.add(KeyValue.put(key, random.nextInt(2), new byte[] {(byte) i}));
      }
      items.add(KeyValue.put("p/other".getBytes(StandardCharsets.US_ASCII), 0, new byte[] {-1}));
      assertSortsLikeKeyOrder(items);
    }
  }

  @Test
  void theWindowReadsEightBytesBigEndianPaddedWithZeros() {
    byte[] key = {1, 2, 3, 4, 5, 6, 7, 8, 9, (byte) 0xff};
    assertEquals(0x0102030405060708L, TableOrderSort.window(key, 0));
    assertEquals(0x03040506070809ffL, TableOrderSort.window(key, 2));
    assertEquals(0x09ff000000000000L, TableOrderSort.window(key, 8));
    assertEquals(0L, TableOrderSort.window(key, 10));
  }

  @Test
  void theSharedPrefixStopsAtTheShortestKeyAndTheFirstDifference() {
    assertEquals(5, TableOrderSort.sharedPrefix(List.of(del("user/1"), del("user/2"), del("user/10"))));
    assertEquals(2, TableOrderSort.sharedPrefix(List.of(del("abc"), del("ab"), del("abd"))));
    assertEquals(0, TableOrderSort.sharedPrefix(List.of(del("abc"), del(""))));
    assertEquals(3, TableOrderSort.sharedPrefix(List.of(del("abc"), del("abc"))));
  }

  private static void assertSortsLikeKeyOrder(List<KeyValue> items) {
    List<KeyValue> expected = new ArrayList<>(items);
    expected.sort(KeyOrder.INSTANCE); // stable
    List<KeyValue> actual = new ArrayList<>(items);
    TableOrderSort.sort(actual);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertSame(expected.get(i), actual.get(i), "item " + i);
    }
  }

  private static KeyValue del(String key) {
    return KeyValue.del(key.getBytes(StandardCharsets.US_ASCII), 1);
  }

  private static byte[] randomKey(Random random, int length) {
    byte[] key = new byte[length];
    for (int i = 0; i < length; i++) {
      key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return key;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
