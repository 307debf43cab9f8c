package dev.sstbeam.format.cursor;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;

/**
 * A bidirectional position in a sorted sequence of items (FORMAT.md §6.1). A cursor is before the
 * first item, on an item, or after the last item.
 *
 * <ul>
 *   <li>{@link #seekToFirst()} goes before the first item; {@link #next()} then reaches it.
 *   <li>{@link #seekToLast()} goes after the last item; {@link #prev()} then reaches it.
 *   <li>{@link #seek(byte[])} goes to the first item whose key is ≥ the given key (timestamps
 *       ignored, so the newest version), else after the last.
 *   <li>{@link #next()} / {@link #prev()} move one item; at either end they stay.
 * </ul>
 *
 * Tombstones are items: {@link #hasItem()} is true on them and {@link #value()} is null. After an
 * error the position is unspecified; re-seek before going on.
 */
public interface Cursor extends AutoCloseable {
  void seekToFirst() throws SstException;

  void seekToLast() throws SstException;

  void seek(byte[] key) throws SstException;

  void next() throws SstException;

  void prev() throws SstException;

  /** True when on an item (a put or a tombstone). */
  boolean hasItem();

  /** The current item's key; only when {@link #hasItem()}. The array must not be modified. */
  byte[] key();

  /** The current item's timestamp (unsigned); only when {@link #hasItem()}. */
  long timestamp();

  /** The current item's value, or null on a tombstone or when not on an item. */
  byte[] value();

  /** The current item, or null when not on an item. */
  default KeyValue keyValue() {
    return hasItem() ? KeyValue.of(key(), timestamp(), value()) : null;
  }

  /** Releases files held by the cursor. */
  @Override
  default void close() throws SstException {}
}
