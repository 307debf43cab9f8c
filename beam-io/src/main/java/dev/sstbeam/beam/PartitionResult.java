package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.List;

/**
 * The tables one partition wrote (under temporary names), the duplicates it dropped, and (in a
 * compaction) the records its policy collected.
 */
final class PartitionResult implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final List<SstManifest.Table> tables;
  final List<String> tempFiles;
  final long droppedRecords;
  final String droppedSetsum;
  final long collectedRecords;
  final String collectedSetsum;

  PartitionResult(int partition, List<SstManifest.Table> tables, List<String> tempFiles,
      long droppedRecords, String droppedSetsum) {
    this(partition, tables, tempFiles, droppedRecords, droppedSetsum, 0,
        new dev.sstbeam.format.setsum.Setsum().hexDigest());
  }

  PartitionResult(int partition, List<SstManifest.Table> tables, List<String> tempFiles,
      long droppedRecords, String droppedSetsum, long collectedRecords, String collectedSetsum) {
    this.partition = partition;
    this.tables = tables;
    this.tempFiles = tempFiles;
    this.droppedRecords = droppedRecords;
    this.droppedSetsum = droppedSetsum;
    this.collectedRecords = collectedRecords;
    this.collectedSetsum = collectedSetsum;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof PartitionResult)) {
      return false;
    }
    PartitionResult o = (PartitionResult) other;
    return java.util.Objects.equals(partition, o.partition) && java.util.Objects.equals(tables, o.tables) && java.util.Objects.equals(tempFiles, o.tempFiles) && java.util.Objects.equals(droppedRecords, o.droppedRecords) && java.util.Objects.equals(droppedSetsum, o.droppedSetsum) && collectedRecords == o.collectedRecords && java.util.Objects.equals(collectedSetsum, o.collectedSetsum);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(partition, tables, tempFiles, droppedRecords, droppedSetsum, collectedRecords, collectedSetsum);
  }
}
