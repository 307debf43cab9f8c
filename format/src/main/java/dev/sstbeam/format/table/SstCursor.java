package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.cursor.Cursor;
import dev.sstbeam.format.wire.WireException;

/**
 * A cursor over a whole table (FORMAT.md §6.1 SstCursor): a cursor over the index block plus one
 * over the current data block, loaded (and CRC-checked) when the cursor enters it. Tombstones are
 * items; an empty table is simply empty.
 */
public final class SstCursor implements Cursor {
  private final Sst sst;
  private final BlockCursor index;
  private BlockCursor data;
  /** The last data block read, kept so that a seek landing in it again does not re-read it. */
  private BlockMetadata loadedAt;
  private Block loaded;

  SstCursor(Sst sst, Block indexBlock) {
    this.sst = sst;
    this.index = new BlockCursor(indexBlock);
  }

  @Override
  public void seekToFirst() {
    index.seekToFirst();
    data = null;
  }

  @Override
  public void seekToLast() {
    index.seekToLast();
    data = null;
  }

  @Override
  public void next() throws SstException {
    if (data != null) {
      data.next();
      if (data.hasItem()) {
        return;
      }
    }
    while (true) {
      index.next();
      if (!index.hasItem()) {
        data = null;
        return;
      }
      data = load();
      data.seekToFirst();
      data.next();
      if (data.hasItem()) {
        return;
      }
    }
  }

  @Override
  public void prev() throws SstException {
    if (data != null) {
      data.prev();
      if (data.hasItem()) {
        return;
      }
    }
    while (true) {
      index.prev();
      if (!index.hasItem()) {
        data = null;
        return;
      }
      data = load();
      data.seekToLast();
      data.prev();
      if (data.hasItem()) {
        return;
      }
    }
  }

  /**
   * The first divider whose key is ≥ target names the block to search; if that block has no key ≥
   * target (the divider was shortened), the answer is the first item of the next block.
   */
  @Override
  public void seek(byte[] key) throws SstException {
    index.seek(key);
    if (!index.hasItem()) {
      data = null;
      return;
    }
    data = load();
    data.seek(key);
    if (!data.hasItem()) {
      next();
    }
  }

  @Override
  public boolean hasItem() {
    return data != null && data.hasItem();
  }

  @Override
  public byte[] key() {
    return hasItem() ? data.key() : null;
  }

  @Override
  public long timestamp() {
    return data.timestamp();
  }

  @Override
  public byte[] value() {
    return hasItem() ? data.value() : null;
  }

  /** The metadata of the data block the cursor is in, or null. */
  BlockMetadata currentBlock() throws SstException {
    return index.hasItem() ? metadataOf(index) : null;
  }

  private BlockCursor load() throws SstException {
    try {
      BlockMetadata at = metadataOf(index);
      if (loaded == null || loadedAt.start() != at.start() || loadedAt.limit() != at.limit()
          || loadedAt.crc32c() != at.crc32c()) {
        loaded = sst.readDataBlock(at);
        loadedAt = at;
      }
      return new BlockCursor(loaded);
    } catch (SstException e) {
      throw e.inFile(sst.path().toString());
    }
  }

  /** The BlockMetadata stored as the value of the index entry under {@code c}. */
  static BlockMetadata metadataOf(BlockCursor c) throws SstException {
    if (!c.hasValue()) {
      throw SstException.of(ErrorCode.CORRUPTION_META_BLOCK_NULL_VALUE).build();
    }
    try {
      return BlockMetadata.decode(c.data(), c.valueOffset(), c.valueLength());
    } catch (WireException e) {
      throw SstException.of(ErrorCode.UNPACK_BLOCK_METADATA).field("message", e.getMessage()).build();
    }
  }
}
