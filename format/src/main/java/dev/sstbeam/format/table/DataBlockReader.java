package dev.sstbeam.format.table;

import dev.sstbeam.format.SstException;
import dev.sstbeam.format.SystemErrors;

/**
 * Reads the data blocks of one table for a scan, in file order, many at a time into a buffer of
 * its own: a table's data blocks lie one after the other (some 4 KiB each), and reading each on its
 * own cost a system call and two new arrays per block. Every block is checked as
 * {@link Sst#readDataBlock} checks it. A block returned is valid until the next call. Not
 * thread-safe: one per thread.
 */
final class DataBlockReader {
  /** Bytes read at once (more when a block is larger). */
  static final int READ_SIZE = 256 << 10;

  private final Sst sst;
  private byte[] buf = new byte[READ_SIZE];
  /** The file offset of {@code buf[0]}. */
  private long bufStart;
  private int bufLen;

  DataBlockReader(Sst sst) {
    this.sst = sst;
  }

  /** The parsed data block at {@code meta}, CRC-checked. */
  Block read(BlockMetadata meta) throws SstException {
    int len = sst.checkedLength(meta);
    long start = meta.start();
    if (start < bufStart || start + len > bufStart + bufLen) {
      fill(start, len);
    }
    return sst.dataBlock(meta, buf, (int) (start - bufStart));
  }

  /** Reads from {@code start}, at least the {@code len} bytes of the block there. */
  private void fill(long start, int len) throws SstException {
    if (len > buf.length) {
      buf = new byte[len];
    }
    bufStart = start;
    bufLen = sst.readAt(start, buf, (int) Math.min(buf.length, sst.fileSize() - start));
    if (bufLen < len) {
      throw SystemErrors.unexpectedEof(sst.path(), start + bufLen);
    }
  }
}
