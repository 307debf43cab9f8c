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
}
