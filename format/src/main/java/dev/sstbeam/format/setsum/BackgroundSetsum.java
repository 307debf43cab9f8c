package dev.sstbeam.format.setsum;

import java.util.Arrays;

/**
 * Computes the setsum of a stream of puts and tombstones on background threads ({@link
 * PendingSetsums}), so the hashing (SHA3-256 of every item) overlaps with the caller's own work
 * and with itself. Items are handed over in chunks; setsums add in any order, so chunks are hashed
 * independently. At most {@link #MAX_PENDING} chunks are in flight, which bounds the memory held.
 * The caller must not modify the arrays it hands over.
 */
public final class BackgroundSetsum implements AutoCloseable {
  static final int CHUNK = 4096;
  static final int MAX_PENDING = 8;

  private final PendingSetsums parts = new PendingSetsums(MAX_PENDING);
  private byte[][] keys = new byte[CHUNK][];
  private long[] timestamps = new long[CHUNK];
  private byte[][] values = new byte[CHUNK][];
  private int count;

  /** Adds a put ({@code value} non-null) or a tombstone ({@code value} null). */
  public void add(byte[] key, long timestamp, byte[] value) {
    keys[count] = key;
    timestamps[count] = timestamp;
    values[count] = value;
    if (++count == CHUNK) {
      submit();
    }
  }

  private void submit() {
    byte[][] k = keys;
    long[] t = timestamps;
    byte[][] v = values;
    int n = count;
    parts.submit(() -> {
      BatchedSetsum s = new BatchedSetsum();
      for (int i = 0; i < n; i++) {
        if (v[i] == null) {
          s.insertDel(k[i], t[i]);
        } else {
          s.insertPut(k[i], t[i], v[i]);
        }
      }
      return s.setsum();
    });
    keys = new byte[CHUNK][];
    timestamps = new long[CHUNK];
    values = new byte[CHUNK][];
    count = 0;
  }

  /** Waits for every item to be hashed; returns the setsum of all items added. */
  public Setsum finish() {
    if (count > 0) {
      submit();
    }
    return parts.total();
  }

  /** Abandons the hashing still in flight. */
  @Override
  public void close() {
    parts.cancel();
    Arrays.fill(keys, null);
    Arrays.fill(values, null);
  }
}
