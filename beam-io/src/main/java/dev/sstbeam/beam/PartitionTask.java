package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.List;

/**
 * One key range of the output, {@code [lowerKey, upperKey)} (null = unbounded), and the runs whose
 * keys overlap it.
 */
final class PartitionTask implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final byte[] lowerKey;
  final byte[] upperKey;
  final List<String> runs;

  PartitionTask(int partition, byte[] lowerKey, byte[] upperKey, List<String> runs) {
    this.partition = partition;
    this.lowerKey = lowerKey;
    this.upperKey = upperKey;
    this.runs = runs;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof PartitionTask)) {
      return false;
    }
    PartitionTask o = (PartitionTask) other;
    return java.util.Objects.equals(partition, o.partition) && java.util.Arrays.equals(lowerKey, o.lowerKey) && java.util.Arrays.equals(upperKey, o.upperKey) && java.util.Objects.equals(runs, o.runs);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(partition, java.util.Arrays.hashCode(lowerKey), java.util.Arrays.hashCode(upperKey), runs);
  }
}
