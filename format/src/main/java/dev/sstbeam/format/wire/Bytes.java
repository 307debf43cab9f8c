package dev.sstbeam.format.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian fixed-width integers in byte arrays (FORMAT.md §1.2). */
public final class Bytes {
  private static final VarHandle LE32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Bytes() {}

  public static int getLE32(byte[] b, int off) {
    return (int) LE32.get(b, off);
  }

  public static long getLE64(byte[] b, int off) {
    return (long) LE64.get(b, off);
  }

  public static void putLE32(byte[] b, int off, int v) {
    LE32.set(b, off, v);
  }

  public static void putLE64(byte[] b, int off, long v) {
    LE64.set(b, off, v);
  }
}
