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
}
