package dev.sstbeam.format.wire;

/** Unsigned LEB128 encoding (FORMAT.md §1.1): minimal, 1 to 10 bytes. */
public final class Varint {
  /** The longest encoding of a u64. */
  public static final int MAX_LENGTH = 10;

  private Varint() {}

  /** The number of bytes {@code value} (unsigned) encodes to. */
  public static int length(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  /** Writes {@code value} at {@code off}; returns the offset after it. */
  public static int write(byte[] dst, int off, long value) {
    while ((value & ~0x7fL) != 0) {
      dst[off++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    dst[off++] = (byte) value;
    return off;
  }
}
