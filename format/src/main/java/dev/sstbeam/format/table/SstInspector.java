package dev.sstbeam.format.table;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import java.util.List;

/**
 * A look inside a table for diagnostics (the {@code sst-inspect} and {@code sst-stat} tools): the
 * data blocks as the index lists them, each block's entries with their byte offsets within the
 * block, and the in-memory size Rust reports for an open table.
 */
public final class SstInspector {
  private final Sst sst;

  public SstInspector(Sst sst) {
    this.sst = sst;
  }

  /**
   * Rust's {@code Sst::approximate_size()} without its platform-specific first term
   * ({@code size_of::<Sst>()}): the index block's bytes plus 32 bytes per bloom filter block.
   */
  public long approximateSize() {
    return sst.indexBlock().length() + 32L * sst.filter().blocks();
  }

  /** The data blocks, in index order. */
  public List<BlockMetadata> dataBlocks() throws SstException {
    return sst.dataBlocks();
  }

  /** The entries of the data block at {@code meta} (read and CRC-checked now). */
  public Entries entries(BlockMetadata meta) throws SstException {
    return new Entries(new BlockCursor(sst.readDataBlock(meta)));
  }

  /** The entries of one block in order, each with its offset range within the block. */
  public static final class Entries {
    private final BlockCursor cursor;

    private Entries(BlockCursor cursor) {
      this.cursor = cursor;
      cursor.seekToFirst();
    }

    /** Moves to the next entry; false past the last. */
    public boolean next() throws SstException {
      cursor.next();
      return cursor.hasItem();
    }

    /** Offset of the current entry within the block. */
    public int offset() {
      return cursor.entryOffset();
    }

    /** Offset just past the current entry (where the next one starts). */
    public int nextOffset() {
      return cursor.entryEnd();
    }

    /** The current entry as an item (its key rebuilt from the shared prefix). */
    public KeyValue keyValue() {
      return cursor.keyValue();
    }
  }
}
