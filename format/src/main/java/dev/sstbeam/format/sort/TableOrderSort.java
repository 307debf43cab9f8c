package dev.sstbeam.format.sort;

import dev.sstbeam.format.KeyValue;
import java.util.Arrays;
import java.util.List;

/**
 * Sorts items in table order (FORMAT.md §2.2: key ascending, unsigned bytewise, a proper prefix
 * first; then timestamp descending), stably, two to three times as fast as sorting with
 * {@link dev.sstbeam.format.KeyOrder}. Each item gets one number: the key bytes that follow the
 * prefix every key shares (the window, read big-endian and zero-padded past the key's end), cut to
 * the bits left beside the item's index. The numbers are sorted as primitives; only items whose
 * cut windows are equal are then put in order by comparing keys and timestamps. Keys with a common
 * prefix (a table name, {@code "user/"}) thus mostly never compare as byte arrays.
 *
 * <p>Why this is the table order: all keys are equal before the window. Where two windows differ,
 * the first differing byte is either a byte both keys have (bytewise order) or the end of one key,
 * whose zero padding then sorts it before the longer key, as a proper prefix must. Cutting both
 * windows to their top bits keeps any order between them that remains. And it is stable: among
 * equal cut windows the index decides, and the comparison sort that follows is stable.
 */
public final class TableOrderSort {
  private TableOrderSort() {}

  /** The keys of the items to sort, by index: key {@code i} is {@code array(i)[offset(i), +length(i))}. */
  interface Keys {
    int size();

    byte[] array(int i);

    int offset(int i);

    int length(int i);

    long timestamp(int i);
  }

  /** Sorts {@code items} in place in table order; equal items keep their order. */
  public static void sort(List<KeyValue> items) {
    int[] order = order(new ListKeys(items));
    KeyValue[] sorted = new KeyValue[order.length];
    for (int i = 0; i < order.length; i++) {
      sorted[i] = items.get(order[i]);
    }
    for (int i = 0; i < order.length; i++) {
      items.set(i, sorted[i]);
    }
  }

  /**
   * The indexes of {@code keys} in table order; equal items keep their order. (Each loop is a
   * method of its own: the JIT compiles a long-running loop on its own (OSR), and a method with
   * three such loops was compiled three times over, 0.2 s of C2 each in convert.)
   */
  static int[] order(Keys keys) {
    int n = keys.size();
    if (n < 2) {
      return new int[n];
    }
    int indexBits = 64 - Long.numberOfLeadingZeros(n - 1);
    long indexMask = (1L << indexBits) - 1;
    long[] numbers = numbers(keys, sharedPrefix(keys), indexMask);
    Arrays.sort(numbers);
    return orderOfGroups(keys, numbers, indexMask);
  }

  /**
   * Per item: cut window (high bits) | index (low bits), sign-flipped so that the signed sort of
   * the numbers is their unsigned order.
   */
  private static long[] numbers(Keys keys, int shared, long indexMask) {
    int n = keys.size();
    long[] numbers = new long[n];
    for (int i = 0; i < n; i++) {
      long window = window(keys.array(i), keys.offset(i), keys.length(i), shared);
      numbers[i] = ((window & ~indexMask) | i) ^ Long.MIN_VALUE;
    }
    return numbers;
  }

  /** The indexes in the sorted numbers, each group of equal cut windows sorted by key. */
  private static int[] orderOfGroups(Keys keys, long[] numbers, long indexMask) {
    int n = numbers.length;
    int[] order = new int[n];
    for (int i = 0; i < n; ) {
      long cut = numbers[i] & ~indexMask;
      int end = i + 1;
      while (end < n && (numbers[end] & ~indexMask) == cut) {
        end++;
      }
      for (int k = i; k < end; k++) {
        order[k] = (int) (numbers[k] & indexMask);
      }
      if (end - i > 1) {
        sortGroup(keys, order, i, end);
      }
      i = end;
    }
    return order;
  }

  /** Groups this small are sorted by insertion: most groups are pairs. */
  static final int SMALL_GROUP = 12;

  /**
   * Stably sorts {@code order[from, to)} by key and timestamp. (Small groups by insertion, in a
   * few bytes of code: with Arrays.sort inlined here, C2 spent 0.16-0.25 s compiling this
   * method and its caller.)
   */
  private static void sortGroup(Keys keys, int[] order, int from, int to) {
    if (to - from > SMALL_GROUP) {
      sortLargeGroup(keys, order, from, to);
      return;
    }
    for (int k = from + 1; k < to; k++) {
      int item = order[k];
      int j = k - 1;
      while (j >= from && compare(keys, order[j], item) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = item;
    }
  }

  /** {@link #sortGroup} of a group larger than {@link #SMALL_GROUP}: a merge sort. */
  private static void sortLargeGroup(Keys keys, int[] order, int from, int to) {
    Integer[] group = new Integer[to - from];
    for (int k = from; k < to; k++) {
      group[k - from] = order[k];
    }
    Arrays.sort(group, (a, b) -> compare(keys, a, b));
    for (int k = from; k < to; k++) {
      order[k] = group[k - from];
    }
  }

  private static int compare(Keys keys, int a, int b) {
    int ao = keys.offset(a);
    int bo = keys.offset(b);
    int c = Arrays.compareUnsigned(keys.array(a), ao, ao + keys.length(a),
        keys.array(b), bo, bo + keys.length(b));
    return c != 0 ? c : Long.compareUnsigned(keys.timestamp(b), keys.timestamp(a));
  }

  /** The length of the prefix that every key shares. */
  static int sharedPrefix(Keys keys) {
    byte[] first = keys.array(0);
    int firstAt = keys.offset(0);
    int shared = keys.length(0);
    for (int i = 1, n = keys.size(); i < n && shared > 0; i++) {
      int at = keys.offset(i);
      int m = Arrays.mismatch(first, firstAt, firstAt + shared,
          keys.array(i), at, at + Math.min(shared, keys.length(i)));
      if (m >= 0) {
        shared = m;
      }
    }
    return shared;
  }

  /** The shared prefix of the keys of {@code items}. */
  static int sharedPrefix(List<KeyValue> items) {
    return sharedPrefix(new ListKeys(items));
  }

  /**
   * {@code key[at, at + 8)}, of the key {@code array[offset, offset + length)}, as a big-endian
   * number, zero-padded past the key's end.
   */
  static long window(byte[] array, int offset, int length, int at) {
    long w = 0;
    for (int i = at; i < at + 8; i++) {
      w = (w << 8) | (i < length ? array[offset + i] & 0xff : 0);
    }
    return w;
  }

  /** {@link #window(byte[], int, int, int)} of a whole array. */
  static long window(byte[] key, int at) {
    return window(key, 0, key.length, at);
  }

  private static final class ListKeys implements Keys {
    private final List<KeyValue> items;

    ListKeys(List<KeyValue> items) {
      this.items = items;
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public byte[] array(int i) {
      return items.get(i).key();
    }

    @Override
    public int offset(int i) {
      return 0;
    }

    @Override
    public int length(int i) {
      return items.get(i).key().length;
    }

    @Override
    public long timestamp(int i) {
      return items.get(i).timestamp();
    }
  }
}
