package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.wire.Bytes;
import dev.sstbeam.format.wire.Varint;

/**
 * A parsed block (FORMAT.md §5.3): the entries region {@code [0, restartsBoundary)} and the restart
 * offsets, derived from the last four bytes (the restart count R) as Rust does:
 * {@code restartsBoundary = len − 5 − 4R − 1 − varint_len(4R)}. A trailer longer than the block
 * (a Rust panic) is reported as block-too-small. The block is {@code length} bytes of
 * {@link #data()} from {@link #base()} (a buffer may hold several); offsets within the block,
 * such as {@code restartsBoundary} and the restarts, count from there.
 */
final class Block {
  private final byte[] data;
  private final int base;
  private final int length;
  private final int restartsBoundary;
  private final int restartCount;
  /** Where the restart offsets lie in {@code data}. */
  private final int restartsStart;

  private Block(byte[] data, int base, int length, int restartsBoundary, int restartCount,
      int restartsStart) {
    this.data = data;
    this.base = base;
    this.length = length;
    this.restartsBoundary = restartsBoundary;
    this.restartCount = restartCount;
    this.restartsStart = restartsStart;
  }

  static Block parse(byte[] data) throws SstException {
    return parse(data, 0, data.length);
  }

  /** The block in {@code data[off, off + len)}. */
  static Block parse(byte[] data, int off, int len) throws SstException {
    if (len < 4) {
      throw SstException.of(ErrorCode.BLOCK_TOO_SMALL)
          .field("length", len)
          .field("required", 4)
          .build();
    }
    long count = Bytes.getLE32(data, off + len - 4) & 0xffffffffL;
    long trailer = 5 + 4 * count + 1 + Varint.length(4 * count);
    if (trailer > len) {
      throw SstException.of(ErrorCode.BLOCK_TOO_SMALL)
          .field("length", len)
          .field("required", trailer)
          .build();
    }
    int restartsStart = (int) (off + len - 5 - 4 * count);
    return new Block(data, off, len, (int) (len - trailer), (int) count, restartsStart);
  }

  /** The array holding the block, at {@link #base()}. */
  byte[] data() {
    return data;
  }

  /** Where the block starts in {@link #data()}. */
  int base() {
    return base;
  }

  /** The block's length in bytes. */
  int length() {
    return length;
  }

  int restartsBoundary() {
    return restartsBoundary;
  }

  int restartCount() {
    return restartCount;
  }

  /** Offset of restart {@code i} (unsigned; may be corrupt and point anywhere). */
  long restart(int i) {
    return Bytes.getLE32(data, restartsStart + 4 * i) & 0xffffffffL;
  }

  /** True when the block holds no entries. */
  boolean isEmpty() {
    return restartsBoundary == 0;
  }
}
