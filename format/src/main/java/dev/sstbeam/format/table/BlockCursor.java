package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.setsum.BatchedSetsum;
import dev.sstbeam.format.wire.EntryCodec;
import dev.sstbeam.format.wire.WireException;
import dev.sstbeam.format.wire.WireReader;
import java.util.Arrays;

/**
 * A cursor over one block (FORMAT.md §6.1 BlockCursor). Keys are rebuilt from the prefix-compressed
 * entries: {@code key = previous_key[0, shared) || frag}. An entry whose {@code shared} exceeds
 * the previous key (Rust silently tolerates it) is reported as unpack-key-value-pair. A block with
 * no entries is simply empty (Rust fails on it; see FORMAT.md §5.10).
 */
final class BlockCursor implements Cursor {
  private static final int BEFORE = 0;
  private static final int ON = 1;
  private static final int AFTER = 2;

  private Block block;
  private byte[] data;
  /** Where the block starts in {@code data}; offsets in the block count from there. */
  private int base;
  private final EntryCodec.DecodedEntry entry = new EntryCodec.DecodedEntry();
  private int state = BEFORE;
  private int offset;
  private int nextOffset;
  private byte[] key = new byte[64];
  private int keyLength;
  private long timestamp;
  private boolean isPut;
  private int valueOffset;
  private int valueLength;

  BlockCursor(Block block) {
    reset(block);
  }

  /** Moves this cursor to {@code block}, before its first item (a scan's cursor, reused). */
  void reset(Block block) {
    this.block = block;
    this.data = block.data();
    this.base = block.base();
    state = BEFORE;
  }

  @Override
  public void seekToFirst() {
    state = BEFORE;
  }

  @Override
  public void seekToLast() {
    state = AFTER;
  }

  @Override
  public void next() throws SstException {
    if (state == AFTER) {
      return;
    }
    if (state == BEFORE) {
      if (block.isEmpty()) {
        state = AFTER;
        return;
      }
      keyLength = 0;
      decodeAt(restartOffset(0));
      return;
    }
    if (nextOffset >= block.restartsBoundary()) {
      state = AFTER;
      return;
    }
    decodeAt(nextOffset);
  }

  @Override
  public void prev() throws SstException {
    if (state == BEFORE) {
      return;
    }
    int end = state == AFTER ? block.restartsBoundary() : offset;
    if (end == 0) {
      state = BEFORE;
      return;
    }
    // Scan from the last restart before `end` up to the entry that ends exactly at `end`.
    int r = lastRestartBefore(end);
    keyLength = 0;
    decodeAt(restartOffset(r));
    while (nextOffset < end) {
      decodeAt(nextOffset);
    }
    if (nextOffset != end) {
      throw SstException.of(ErrorCode.CORRUPTION_RESTART_POINT_NO_KEY_VALUE_PAIR)
          .field("restart_point", restartOffset(r))
          .build();
    }
  }

  /**
   * Binary search over the restarts for the last one whose key is &lt; target (else restart 0),
   * then scan forward to the first entry whose key is ≥ target.
   */
  @Override
  public void seek(byte[] target) throws SstException {
    if (block.restartCount() == 0) {
      throw SstException.of(ErrorCode.CORRUPTION_BLOCK_WITH_ZERO_RESTARTS).build();
    }
    if (block.isEmpty()) {
      state = AFTER;
      return;
    }
    int lo = 0;
    int hi = block.restartCount() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      keyLength = 0;
      decodeAt(restartOffset(mid));
      if (compareKey(target) < 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    keyLength = 0;
    decodeAt(restartOffset(lo));
    while (compareKey(target) < 0) {
      if (nextOffset >= block.restartsBoundary()) {
        state = AFTER;
        return;
      }
      decodeAt(nextOffset);
    }
  }

  /**
   * Stands on the entry at {@code at} in the block, decoded as one that shares no prefix (as the
   * entry at a restart point does): for a scan that starts at a restart. An entry that claims a
   * shared prefix is unpack-key-value-pair.
   */
  void seekToEntryAt(int at) throws SstException {
    keyLength = 0;
    decodeAt(at);
  }

  /** Where the entry this cursor stands on ends in the block: the next entry's offset. */
  int nextOffset() {
    return nextOffset;
  }

  /** Compares the current key with {@code target}, unsigned bytewise. */
  private int compareKey(byte[] target) {
    return Arrays.compareUnsigned(key, 0, keyLength, target, 0, target.length);
  }

  private int lastRestartBefore(int end) throws SstException {
    int lo = 0;
    int hi = block.restartCount() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (block.restart(mid) < end) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private int restartOffset(int i) throws SstException {
    long off = block.restart(i);
    if (off >= block.restartsBoundary()) {
      throw SstException.of(ErrorCode.CORRUPTION_OFFSET_EXCEEDS_RESTARTS_BOUNDARY)
          .offset(off)
          .field("restarts_boundary", block.restartsBoundary())
          .build();
    }
    return (int) off;
  }

  /**
   * Decodes the entry at {@code at} (in the block) on top of the current key and stands on it.
   * The entry's key and value offsets are positions in {@code data}.
   */
  private void decodeAt(int at) throws SstException {
    WireReader r = new WireReader(data, base + at, base + block.restartsBoundary());
    try {
      EntryCodec.decode(r, entry);
    } catch (WireException e) {
      throw SstException.of(ErrorCode.UNPACK_KEY_VALUE_PAIR)
          .field("message", e.getMessage())
          .offset(at)
          .build();
    }
    if (Long.compareUnsigned(entry.shared, keyLength) > 0) {
      throw SstException.of(ErrorCode.UNPACK_KEY_VALUE_PAIR)
          .field("message", "shared prefix " + Long.toUnsignedString(entry.shared)
              + " exceeds the previous key's " + keyLength + " bytes")
          .offset(at)
          .build();
    }
    int shared = (int) entry.shared;
    int length = shared + entry.keyLength;
    if (length > key.length) {
      key = Arrays.copyOf(key, Math.max(length, 2 * key.length));
    }
    System.arraycopy(data, entry.keyOffset, key, shared, entry.keyLength);
    keyLength = length;
    timestamp = entry.timestamp;
    isPut = entry.put;
    valueOffset = entry.valueOffset;
    valueLength = entry.valueLength;
    offset = at;
    nextOffset = r.position() - base;
    state = ON;
  }

  @Override
  public boolean hasItem() {
    return state == ON;
  }

  @Override
  public byte[] key() {
    return hasItem() ? Arrays.copyOf(key, keyLength) : null;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public byte[] value() {
    return hasItem() && isPut ? Arrays.copyOfRange(data, valueOffset, valueOffset + valueLength) : null;
  }

  /** Whether the cursor is on a put (an item with a value). */
  boolean hasValue() {
    return hasItem() && isPut;
  }

  /** The array holding the block (the current value lies in it). */
  byte[] data() {
    return data;
  }

  /** Where the current put's value starts in {@link #data()}. */
  int valueOffset() {
    return valueOffset;
  }

  /** The current put's value length. */
  int valueLength() {
    return valueLength;
  }

  /** Inserts the current item into {@code s}, hashing the key and value where they lie. */
  void addTo(BatchedSetsum s) {
    if (isPut) {
      s.insertPut(key, 0, keyLength, timestamp, data, valueOffset, valueLength);
    } else {
      s.insertDel(key, 0, keyLength, timestamp);
    }
  }

  /** Offset of the current entry within the block (for sst-inspect). */
  int entryOffset() {
    return offset;
  }

  /** Offset just past the current entry (for sst-inspect). */
  int entryEnd() {
    return nextOffset;
  }
}
