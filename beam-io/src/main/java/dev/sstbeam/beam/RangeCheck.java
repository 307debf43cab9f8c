package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link VerifyRangeFn} found in one key range: the totals it recomputed from the records
 * (inputs as read, duplicates dropped, required, collected, output as read), the number of
 * offending records of each kind, and the first of them in key order.
 */
final class RangeCheck implements Serializable {
  private static final long serialVersionUID = 1L;

  final int partition;
  final RecordTotals input = new RecordTotals();
  final RecordTotals dropped = new RecordTotals();
  final RecordTotals required = new RecordTotals();
  final RecordTotals collected = new RecordTotals();
  final RecordTotals output = new RecordTotals();
  final long[] offenses = new long[CompactionVerdict.Offense.values().length];
  CompactionVerdict.Record first;

  RangeCheck(int partition) {
    this.partition = partition;
  }

  void offend(CompactionVerdict.Offense kind, byte[] key, long timestamp, String detail) {
    offenses[kind.ordinal()]++;
    if (first == null) {
      first = new CompactionVerdict.Record(kind, key, timestamp, detail);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeCheck r && partition == r.partition && input.equals(r.input)
        && dropped.equals(r.dropped) && required.equals(r.required) && collected.equals(r.collected)
        && output.equals(r.output) && Arrays.equals(offenses, r.offenses) && Objects.equals(first, r.first);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partition, input, output, Arrays.hashCode(offenses));
  }
}
