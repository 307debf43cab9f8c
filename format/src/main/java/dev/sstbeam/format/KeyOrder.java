package dev.sstbeam.format;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The total order of FORMAT.md §2.2: key ascending (unsigned bytewise, a proper prefix first),
 * then timestamp descending as an unsigned 64-bit number. Values do not participate.
 */
public final class KeyOrder implements Comparator<KeyValue> {
  /** The one instance. */
  public static final KeyOrder INSTANCE = new KeyOrder();

  private KeyOrder() {}

  @Override
  public int compare(KeyValue a, KeyValue b) {
    return compare(a.key(), a.timestamp(), b.key(), b.timestamp());
  }

  /** Compares {@code (keyA[0, lenA), tsA)} with {@code (keyB, tsB)} in table order. */
  public static int compare(byte[] keyA, int lenA, long tsA, byte[] keyB, long tsB) {
    int c = Arrays.compareUnsigned(keyA, 0, lenA, keyB, 0, keyB.length);
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(tsB, tsA);
  }

  /**
   * Compares {@code (keyA[0, lenA), tsA)} with {@code (keyB[offB, offB + lenB), tsB)} in table
   * order.
   */
  public static int compare(byte[] keyA, int lenA, long tsA, byte[] keyB, int offB, int lenB,
      long tsB) {
    int c = Arrays.compareUnsigned(keyA, 0, lenA, keyB, offB, offB + lenB);
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(tsB, tsA);
  }

  /** Compares {@code (keyA, tsA)} with {@code (keyB, tsB)} in table order. */
  public static int compare(byte[] keyA, long tsA, byte[] keyB, long tsB) {
    int c = Arrays.compareUnsigned(keyA, keyB);
    if (c != 0) {
      return c;
    }
    return Long.compareUnsigned(tsB, tsA);
  }
}
