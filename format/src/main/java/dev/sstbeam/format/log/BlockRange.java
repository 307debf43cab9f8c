package dev.sstbeam.format.log;

/**
 * A range {@code [firstBlock, endBlock)} of 1 MiB log blocks: the records whose first byte lies in
 * {@code [firstBlock·B, endBlock·B)}.
 */
public final class BlockRange {
  private final long firstBlock;
  private final long endBlock;

  public BlockRange(long firstBlock, long endBlock) {
    if (firstBlock < 0 || endBlock < firstBlock) {
      throw new IllegalArgumentException("bad block range [" + firstBlock + ", " + endBlock + ")");
    }
    this.firstBlock = firstBlock;
    this.endBlock = endBlock;
  }

  public long firstBlock() {
    return firstBlock;
  }

  public long endBlock() {
    return endBlock;
  }

  public long blocks() {
    return endBlock - firstBlock;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockRange
        && ((BlockRange) o).firstBlock == firstBlock
        && ((BlockRange) o).endBlock == endBlock;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(firstBlock) * 31 + Long.hashCode(endBlock);
  }

  /** {@code A:B}, the form of the command line's {@code --blocks}. */
  @Override
  public String toString() {
    return firstBlock + ":" + endBlock;
  }
}
