package dev.sstbeam.format.table;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.wire.ByteBuilder;
import dev.sstbeam.format.wire.WireException;
import dev.sstbeam.format.wire.WireReader;

/**
 * Where a block's SstEntry lies in a table and its CRC (FORMAT.md §5.6):
 * {@code 68 varint(start) 70 varint(limit) 7d LE32(crc32c)}, at most 27 bytes. {@code start} is
 * the entry's tag byte, {@code limit} just past the entry; the CRC covers the raw block bytes.
 */
public final class BlockMetadata {
  /** Longest encoding. */
  static final int MAX_SIZE = 27;

  private final long start;
  private final long limit;
  private final int crc32c;

  public BlockMetadata(long start, long limit, int crc32c) {
    this.start = start;
    this.limit = limit;
    this.crc32c = crc32c;
  }

  public long start() {
    return start;
  }

  public long limit() {
    return limit;
  }

  public int crc32c() {
    return crc32c;
  }

  void encode(ByteBuilder out) {
    out.putByte(0x68).putVarint(start);
    out.putByte(0x70).putVarint(limit);
    out.putByte(0x7d).putLE32(crc32c);
  }

  byte[] toBytes() {
    ByteBuilder b = new ByteBuilder(MAX_SIZE);
    encode(b);
    return b.toByteArray();
  }

  /** Decodes the struct (prototk rules: unknown fields skipped, last wins, absent = 0). */
  static BlockMetadata decode(byte[] b, int off, int len) throws WireException {
    WireReader r = new WireReader(b, off, off + len);
    long start = 0;
    long limit = 0;
    int crc = 0;
    while (r.hasRemaining()) {
      int tag = r.readTag();
      if (tag == 0x68) {
        start = r.readVarint();
      } else if (tag == 0x70) {
        limit = r.readVarint();
      } else if (tag == 0x7d) {
        crc = r.readFixed32();
      } else {
        r.skipValue(tag & 7);
      }
    }
    return new BlockMetadata(start, limit, crc);
  }

  /** corruption-block-metadata-start-gte-limit unless start < limit (unsigned). */
  BlockMetadata check() throws SstException {
    if (Long.compareUnsigned(start, limit) >= 0) {
      throw SstException.of(ErrorCode.CORRUPTION_BLOCK_METADATA_START_GTE_LIMIT)
          .unsignedField("start", start)
          .unsignedField("limit", limit)
          .build();
    }
    return this;
  }

  @Override
  public String toString() {
    return "BlockMetadata { start: " + Long.toUnsignedString(start)
        + ", limit: " + Long.toUnsignedString(limit)
        + ", crc32c: " + Integer.toUnsignedString(crc32c) + " }";
  }
}
