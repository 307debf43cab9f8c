package dev.sstbeam.format.wire;

/**
 * Little-endian fixed-width integers in byte arrays (FORMAT.md §1.2).
 *
 * <p>Written as single-byte loads and stores with shifts, on purpose: not with a
 * {@code byteArrayViewVarHandle}, {@code ByteBuffer} or {@code Unsafe}. JDK 17.0.15's C2 can
 * compile a wide (mismatched) load from a byte array filled in the same method to read zeros
 * (see JitRegressionTest); byte accesses are never mismatched.
 */
public final class Bytes {
  private Bytes() {}

  public static int getLE32(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  public static long getLE64(byte[] b, int off) {
    return (getLE32(b, off) & 0xffffffffL) | (long) getLE32(b, off + 4) << 32;
  }

  public static void putLE32(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  public static void putLE64(byte[] b, int off, long v) {
    putLE32(b, off, (int) v);
    putLE32(b, off + 4, (int) (v >>> 32));
  }
}
