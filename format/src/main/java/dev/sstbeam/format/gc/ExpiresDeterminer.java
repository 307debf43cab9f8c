package dev.sstbeam.format.gc;

/**
 * {@code ttl_micros = N} at a given now: a value is kept when its timestamp is at least the
 * threshold {@code now − N} (saturating at 0), both unsigned. Tombstones before a kept value come
 * with it (the collector's business); without state.
 */
final class ExpiresDeterminer implements Determiner {
  private final long threshold;

  ExpiresDeterminer(long threshold) {
    this.threshold = threshold;
  }

  @Override
  public boolean retain(byte[] key, boolean afterTombstones, long timestamp) {
    return Long.compareUnsigned(timestamp, threshold) >= 0;
  }
}
