package dev.sstbeam.format.table;

import java.util.Arrays;

/**
 * Index keys (FORMAT.md §5.5). {@link #between} is Rust's {@code divide_keys}: a short key
 * {@code d} with {@code last ≤ d < next}; {@link #successor} is {@code minimal_successor}.
 */
final class Divider {
  private final byte[] key;
  private final long timestamp;

  private Divider(byte[] key, long timestamp) {
    this.key = key;
    this.timestamp = timestamp;
  }

  byte[] key() {
    return key;
  }

  long timestamp() {
    return timestamp;
  }

  /**
   * With {@code s} the common prefix length: if both keys go on past {@code s} and
   * {@code last[s] + 1 < next[s]}, then {@code (last[0..s] || last[s] + 1, 0)}; else the last item.
   */
  static Divider between(byte[] lastKey, long lastTs, byte[] nextKey, long nextTs) {
    int s = Arrays.mismatch(lastKey, nextKey);
    if (s >= 0 && s < Math.min(lastKey.length, nextKey.length)) {
      int l = lastKey[s] & 0xff;
      int r = nextKey[s] & 0xff;
      if (l + 1 < r) {
        byte[] k = Arrays.copyOf(lastKey, s + 1);
        k[s] = (byte) (l + 1);
        return new Divider(k, 0);
      }
    }
    return new Divider(lastKey, lastTs);
  }

  /** {@code (k, t − 1)} if {@code t > 0}, else {@code (k || 00, 0)}. */
  static Divider successor(byte[] key, long ts) {
    if (ts != 0) {
      return new Divider(key, ts - 1);
    }
    return new Divider(Arrays.copyOf(key, key.length + 1), 0);
  }
}
