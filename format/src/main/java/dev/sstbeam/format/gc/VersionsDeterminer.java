package dev.sstbeam.format.gc;

import java.util.Arrays;

/**
 * {@code versions = N}. Per key, the values count 1 each, or 2 when tombstones come before them
 * (the value and, as the crate counts it, its oldest pending tombstone); a value is kept while
 * the count is at most N. So the first value of a key is always kept when no tombstone precedes
 * it, and with N = 1 a key whose newest records are {@code [T@3, T@2, V@1]} keeps nothing.
 */
final class VersionsDeterminer implements Determiner {
  private final long number;
  /** The key of the previous value; like the crate, it starts as the empty key with count 0. */
  private byte[] key = new byte[0];
  private long count;

  VersionsDeterminer(long number) {
    this.number = number;
  }

  @Override
  public boolean retain(byte[] key, boolean afterTombstones, long timestamp) {
    long weight = afterTombstones ? 2 : 1;
    if (!Arrays.equals(this.key, key)) {
      this.key = key.clone();
      count = weight;
    } else {
      count += weight;
    }
    return Long.compareUnsigned(count, number) <= 0;
  }
}
