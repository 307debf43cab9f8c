package dev.sstbeam.format.sort;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import java.util.Arrays;
import java.util.List;

/**
 * Sorts items in table order ({@link KeyOrder}), stably, two to three times as fast as sorting
 * with the order itself. Each item gets one number: the key bytes that follow the prefix every key
 * in the list shares (the window, read big-endian and zero-padded past the key's end), cut to the
 * bits left beside the item's index. The numbers are sorted as primitives; only items whose cut
 * windows are equal are then put in order by {@link KeyOrder}. Keys with a common prefix (a table
 * name, {@code "user/"}) thus mostly never compare as byte arrays.
 *
 * <p>Why this is the table order: all keys are equal before the window. Where two windows differ,
 * the first differing byte is either a byte both keys have (bytewise order) or the end of one key,
 * whose zero padding then sorts it before the longer key, as a proper prefix must. Cutting both
 * windows to their top bits keeps any order between them that remains. And it is stable: among
 * equal cut windows the index decides, and the sort by {@link KeyOrder} that follows is stable.
 */
public final class TableOrderSort {
  private TableOrderSort() {}

  /** Sorts {@code items} in place in table order; equal items keep their order. */
  public static void sort(List<KeyValue> items) {
    int n = items.size();
    if (n < 2) {
      return;
    }
    int shared = sharedPrefix(items);
    int indexBits = 64 - Long.numberOfLeadingZeros(n - 1);
    long indexMask = (1L << indexBits) - 1;
    // number = cut window (high bits) | index (low bits), sign-flipped so that the signed sort
    // of the numbers is their unsigned order
    long[] numbers = new long[n];
    for (int i = 0; i < n; i++) {
      long window = window(items.get(i).key(), shared);
      numbers[i] = ((window & ~indexMask) | i) ^ Long.MIN_VALUE;
    }
    Arrays.sort(numbers);
    KeyValue[] sorted = new KeyValue[n];
    for (int i = 0; i < n; ) {
      long cut = numbers[i] & ~indexMask;
      int end = i + 1;
      while (end < n && (numbers[end] & ~indexMask) == cut) {
        end++;
      }
      for (int k = i; k < end; k++) {
        sorted[k] = items.get((int) (numbers[k] & indexMask));
      }
      if (end - i > 1) {
        Arrays.sort(sorted, i, end, KeyOrder.INSTANCE);
      }
      i = end;
    }
    for (int i = 0; i < n; i++) {
      items.set(i, sorted[i]);
    }
  }

  /** The length of the prefix that every key in {@code items} shares. */
  static int sharedPrefix(List<KeyValue> items) {
    byte[] first = items.get(0).key();
    int shared = first.length;
    for (int i = 1, n = items.size(); i < n && shared > 0; i++) {
      byte[] key = items.get(i).key();
      int m = Arrays.mismatch(first, 0, shared, key, 0, Math.min(shared, key.length));
      if (m >= 0) {
        shared = m;
      }
    }
    return shared;
  }

  /** {@code key[at, at + 8)} as a big-endian number, zero-padded past the key's end. */
  static long window(byte[] key, int at) {
    long w = 0;
    for (int i = at; i < at + 8; i++) {
      w = (w << 8) | (i < key.length ? key[i] & 0xff : 0);
    }
    return w;
  }
}
