package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.wire.Bytes;
import dev.sstbeam.format.wire.Varint;

/**
 * A parsed block (FORMAT.md §5.3): the entries region {@code [0, restartsBoundary)} and the restart
 * offsets, derived from the last four bytes (the restart count R) as Rust does:
 * {@code restartsBoundary = len − 5 − 4R − 1 − varint_len(4R)}. A trailer longer than the block
 * (a Rust panic) is reported as block-too-small.
 */
final class Block {
  private final byte[] data;
  private final int restartsBoundary;
  private final int restartCount;
  private final int restartsStart;

  private Block(byte[] data, int restartsBoundary, int restartCount, int restartsStart) {
    this.data = data;
    this.restartsBoundary = restartsBoundary;
    this.restartCount = restartCount;
    this.restartsStart = restartsStart;
  }

  static Block parse(byte[] data) throws SstException {
    if (data.length < 4) {
      throw SstException.of(ErrorCode.BLOCK_TOO_SMALL)
          .field("length", data.length)
          .field("required", 4)
          .build();
    }
    long count = Bytes.getLE32(data, data.length - 4) & 0xffffffffL;
    long trailer = 5 + 4 * count + 1 + Varint.length(4 * count);
    if (trailer > data.length) {
      throw SstException.of(ErrorCode.BLOCK_TOO_SMALL)
          .field("length", data.length)
          .field("required", trailer)
          .build();
    }
    int restartsStart = (int) (data.length - 5 - 4 * count);
    return new Block(data, (int) (data.length - trailer), (int) count, restartsStart);
  }

  byte[] data() {
    return data;
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
