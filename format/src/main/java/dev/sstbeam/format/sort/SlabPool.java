package dev.sstbeam.format.sort;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Byte arrays of one size handed out and taken back, so that the memory sorted items live in is
 * allocated once per sort instead of once per item. Shared by the thread filling a chunk and the
 * thread writing the previous one.
 */
public final class SlabPool {
  private final int slabSize;
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  /** A pool of slabs of {@code slabSize} bytes (at least the largest item, see {@link #sized}). */
  public SlabPool(int slabSize) {
    this.slabSize = slabSize;
  }

  /**
   * A pool for sorting within {@code memoryBudget} bytes: slabs of a 32nd of it, a power of two
   * between 64 KiB (more than the largest item, FORMAT.md §2.1) and 1 MiB.
   */
  public static SlabPool sized(long memoryBudget) {
    long size = Long.highestOneBit(Math.max(1, memoryBudget / 32));
    return new SlabPool((int) Math.max(64 << 10, Math.min(1 << 20, size)));
  }

  int slabSize() {
    return slabSize;
  }

  /** A slab of {@link #slabSize()} bytes (contents undefined). */
  synchronized byte[] take() {
    byte[] slab = free.poll();
    return slab != null ? slab : new byte[slabSize];
  }

  /** Takes back {@code slabs}; any of another size (made for one large item) is let go. */
  synchronized void give(List<byte[]> slabs) {
    for (byte[] slab : slabs) {
      if (slab.length == slabSize) {
        free.push(slab);
      }
    }
  }

  /** Lets go of every free slab. */
  public synchronized void clear() {
    free.clear();
  }
}
