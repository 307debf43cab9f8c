package dev.sstbeam.format.wire;

import java.util.zip.CRC32C;

/** CRC-32C (Castagnoli), FORMAT.md §3: exactly {@link java.util.zip.CRC32C}. */
public final class Crc32c {
  private Crc32c() {}

  /** The CRC-32C of {@code b[off, off+len)} as an unsigned 32-bit value in an int. */
  public static int of(byte[] b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    return (int) crc.getValue();
  }
}
