package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.List;

/**
 * A sorted run written by {@link SortIntoRunsFn}: where it is, its key range, how many records it
 * holds, key samples (one per {@code sampleBytes} of data, each weighted by the bytes it stands
 * for), the duplicates dropped while it was sorted, and, when the write checks its balance
 * ({@link SstIO.Write#withBalanceCheck()}), the count and setsum of the records the run was sorted
 * from (duplicates included).
 */
final class RunInfo implements Serializable {
  private static final long serialVersionUID = 1L;

  final String file;
  final byte[] firstKey;
  final byte[] lastKey;
  final long records;
  final long bytes;
  final List<byte[]> sampleKeys;
  final long[] sampleWeights;
  final long droppedRecords;
  final String droppedSetsum;
  /** Records the run was sorted from, or -1 when they were not counted. */
  final long inputRecords;
  /** Their setsum, or null when they were not hashed. */
  final String inputSetsum;

  RunInfo(String file, byte[] firstKey, byte[] lastKey, long records, long bytes,
      List<byte[]> sampleKeys, long[] sampleWeights, long droppedRecords, String droppedSetsum) {
    this(file, firstKey, lastKey, records, bytes, sampleKeys, sampleWeights, droppedRecords,
        droppedSetsum, -1, null);
  }

  RunInfo(String file, byte[] firstKey, byte[] lastKey, long records, long bytes,
      List<byte[]> sampleKeys, long[] sampleWeights, long droppedRecords, String droppedSetsum,
      long inputRecords, String inputSetsum) {
    this.file = file;
    this.firstKey = firstKey;
    this.lastKey = lastKey;
    this.records = records;
    this.bytes = bytes;
    this.sampleKeys = sampleKeys;
    this.sampleWeights = sampleWeights;
    this.droppedRecords = droppedRecords;
    this.droppedSetsum = droppedSetsum;
    this.inputRecords = inputRecords;
    this.inputSetsum = inputSetsum;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof RunInfo)) {
      return false;
    }
    RunInfo o = (RunInfo) other;
    return java.util.Objects.equals(file, o.file) && java.util.Arrays.equals(firstKey, o.firstKey) && java.util.Arrays.equals(lastKey, o.lastKey) && java.util.Objects.equals(records, o.records) && java.util.Objects.equals(bytes, o.bytes) && java.util.Arrays.equals(sampleWeights, o.sampleWeights) && java.util.Objects.equals(droppedRecords, o.droppedRecords) && java.util.Objects.equals(droppedSetsum, o.droppedSetsum) && inputRecords == o.inputRecords && java.util.Objects.equals(inputSetsum, o.inputSetsum);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(file, java.util.Arrays.hashCode(firstKey), java.util.Arrays.hashCode(lastKey), records, bytes, java.util.Arrays.hashCode(sampleWeights), droppedRecords, droppedSetsum, inputRecords, inputSetsum);
  }
}
