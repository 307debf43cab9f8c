package dev.sstbeam.format.log;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.Limits;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.setsum.Setsum;
import dev.sstbeam.format.wire.ByteBuilder;
import dev.sstbeam.format.wire.EntryCodec;

/**
 * A group of puts and tombstones appended to a log as one record (FORMAT.md §4.1): the
 * concatenation of their KeyValueEntry encodings with {@code shared = 0}, in the order added, plus
 * the setsum of the items. A batch holds at most {@link Limits#LOG_BLOCK_SIZE} bytes, like the
 * Rust {@code WriteBatch}.
 *
 * <p>The setsum is computed by {@link #setsum()}, from the encoded entries, not on every put:
 * {@link LogWriter} hashes appended batches on background threads instead. Unlike Rust, a rejected
 * put or del leaves both the bytes and the setsum unchanged.
 */
public final class WriteBatch {
  private final ByteBuilder buffer = new ByteBuilder(256);
  private int count;

  /** Adds a put; fails with key-too-large, value-too-large or table-full (batch over 1 MiB). */
  public WriteBatch put(byte[] key, long timestamp, byte[] value) throws SstException {
    Limits.checkKey(key);
    Limits.checkValue(value);
    checkFits(EntryCodec.putSize(key.length, timestamp, value.length));
    EntryCodec.encodePut(buffer, 0, key, 0, key.length, timestamp, value);
    count++;
    return this;
  }

  /** Adds a tombstone; fails with key-too-large or table-full. */
  public WriteBatch del(byte[] key, long timestamp) throws SstException {
    Limits.checkKey(key);
    checkFits(EntryCodec.delSize(key.length, timestamp));
    EntryCodec.encodeDel(buffer, 0, key, 0, key.length, timestamp);
    count++;
    return this;
  }

  /** Adds a put or a tombstone. */
  public WriteBatch add(KeyValue kv) throws SstException {
    return kv.isTombstone()
        ? del(kv.key(), kv.timestamp())
        : put(kv.key(), kv.timestamp(), kv.value());
  }

  /**
   * Appends {@code other}'s entries after this batch's, as the group commit does; fails with
   * table-full, changing nothing, when the result would exceed 1 MiB.
   */
  public WriteBatch merge(WriteBatch other) throws SstException {
    checkFits(other.buffer.length());
    buffer.putBytes(other.buffer.array(), 0, other.buffer.length());
    count += other.count;
    return this;
  }

  /** Would {@code other} fit after this batch? */
  public boolean canMerge(WriteBatch other) {
    return (long) buffer.length() + other.buffer.length() <= Limits.LOG_BLOCK_SIZE;
  }

  /** Encoded size in bytes (the payload of the record this batch becomes). */
  public int sizeInBytes() {
    return buffer.length();
  }

  /** Number of items. */
  public int count() {
    return count;
  }

  public boolean isEmpty() {
    return buffer.length() == 0;
  }

  /**
   * The setsum of the items, hashed from the encoded entries on each call. Changes nothing, so
   * threads may call it on a batch no one is adding to.
   */
  public Setsum setsum() {
    BatchedSetsum s = BatchedSetsum.forItems(count);
    EncodedEntries.addTo(s, buffer.array(), 0, buffer.length());
    return s.setsum();
  }

  /** Empties the batch so it can be reused. */
  public void clear() {
    buffer.clear();
    count = 0;
  }

  byte[] bytes() {
    return buffer.array();
  }

  private void checkFits(int more) throws SstException {
    long size = (long) buffer.length() + more;
    if (size > Limits.LOG_BLOCK_SIZE) {
      throw SstException.of(ErrorCode.TABLE_FULL)
          .field("size", size)
          .field("limit", Limits.LOG_BLOCK_SIZE)
          .build();
    }
  }
}
