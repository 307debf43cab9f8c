package dev.sstbeam.format.table;

import dev.sstbeam.format.setsum.Setsum;

/**
 * What a table holds, as Rust's {@code Sst::metadata()} reports it (FORMAT.md §5.13): the stored
 * setsum, the first and last keys (the last is MAX_KEY, eleven {@code ff} bytes, for a table with
 * no items), the smallest and biggest timestamps and the file size.
 */
public final class SstMetadata {
  /** The sentinel last key of an empty table: eleven {@code ff} bytes. */
  static final byte[] MAX_KEY = {
    (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
    (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff
  };

  private final Setsum setsum;
  private final byte[] firstKey;
  private final byte[] lastKey;
  private final long smallestTimestamp;
  private final long biggestTimestamp;
  private final long fileSize;

  SstMetadata(
      Setsum setsum, byte[] firstKey, byte[] lastKey, long smallest, long biggest, long fileSize) {
    this.setsum = setsum;
    this.firstKey = firstKey;
    this.lastKey = lastKey;
    this.smallestTimestamp = smallest;
    this.biggestTimestamp = biggest;
    this.fileSize = fileSize;
  }

  public Setsum setsum() {
    return setsum.copy();
  }

  public byte[] firstKey() {
    return firstKey.clone();
  }

  public byte[] lastKey() {
    return lastKey.clone();
  }

  public long smallestTimestamp() {
    return smallestTimestamp;
  }

  public long biggestTimestamp() {
    return biggestTimestamp;
  }

  public long fileSize() {
    return fileSize;
  }
}
