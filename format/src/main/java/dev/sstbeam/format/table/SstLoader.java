package dev.sstbeam.format.table;

import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import java.util.Arrays;

/**
 * Point lookups on one table through one cursor: {@link #load} answers as {@link Sst#load} does
 * (FORMAT.md §5.10), the bloom filter first, then a seek. Lookups in ascending key order are the
 * cheapest: a seek that lands in the data block the previous one read does not read it again.
 * Not thread-safe (one cursor); get one per thread from {@link Sst#loader()}.
 */
public final class SstLoader implements AutoCloseable {
  private final Sst sst;
  private final SstCursor cursor;
  private long filtered;

  SstLoader(Sst sst, SstCursor cursor) {
    this.sst = sst;
    this.cursor = cursor;
  }

  /**
   * The newest version of {@code key} with a timestamp ≤ {@code timestamp} (unsigned): a put, a
   * tombstone, or null when there is none.
   */
  public KeyValue load(byte[] key, long timestamp) throws SstException {
    if (!sst.mightContain(key)) {
      filtered++;
      return null;
    }
    return find(cursor, key, timestamp);
  }

  /** How many lookups the bloom filter answered (absent) without reading a data block. */
  public long filtered() {
    return filtered;
  }

  /**
   * Seeks {@code key}, steps over its versions newer than {@code timestamp}, and returns the item
   * then under the cursor if it is a version of {@code key}.
   */
  static KeyValue find(SstCursor c, byte[] key, long timestamp) throws SstException {
    c.seek(key);
    while (c.hasItem() && KeyOrder.compare(c.key(), c.timestamp(), key, timestamp) < 0) {
      c.next();
    }
    if (c.hasItem() && Arrays.equals(c.key(), key)) {
      return c.keyValue();
    }
    return null;
  }

  @Override
  public void close() throws SstException {
    cursor.close();
  }
}
