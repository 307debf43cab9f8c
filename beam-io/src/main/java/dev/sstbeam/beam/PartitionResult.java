package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.List;

/** The tables one partition wrote (under temporary names) and the duplicates it dropped. */
final class PartitionResult implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final List<SstManifest.Table> tables;
  final List<String> tempFiles;
  final long droppedRecords;
  final String droppedSetsum;

  PartitionResult(int partition, List<SstManifest.Table> tables, List<String> tempFiles,
      long droppedRecords, String droppedSetsum) {
    this.partition = partition;
    this.tables = tables;
    this.tempFiles = tempFiles;
    this.droppedRecords = droppedRecords;
    this.droppedSetsum = droppedSetsum;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof PartitionResult)) {
      return false;
    }
    PartitionResult o = (PartitionResult) other;
    return java.util.Objects.equals(partition, o.partition) && java.util.Objects.equals(tables, o.tables) && java.util.Objects.equals(tempFiles, o.tempFiles) && java.util.Objects.equals(droppedRecords, o.droppedRecords) && java.util.Objects.equals(droppedSetsum, o.droppedSetsum);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(partition, tables, tempFiles, droppedRecords, droppedSetsum);
  }
}
