package dev.sstbeam.beam;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.gc.GcPolicy;
import java.util.Arrays;
import java.util.List;

/**
 * The second specification of the crate's garbage collection, for {@code verify-gc}: which records
 * of a stream (in table order, every version of each key, no duplicates) a compaction under a
 * policy must keep. It shares the parsed {@link GcPolicy} with the compactor, nothing else: it is
 * written from the rules in {@code vectors/README.md} ("What the crate does"), not from the
 * collector ({@code GarbageCollector}, {@code RetainedRecords}), and states them differently:
 *
 * <ul>
 *   <li>Per key, each value has a <em>rank</em>: the sum, over the key's values from the newest to
 *       this one, of 2 for a value that comes right after a run of tombstones and 1 otherwise.
 *   <li>A value is required when the policy holds for (rank, timestamp): {@code versions = N}
 *       when rank ≤ N; {@code ttl_micros = X} when timestamp ≥ now − X (0 when X ≥ now);
 *       {@code any(...)} when some member holds ({@code any()} never); {@code all(...)} when
 *       every member holds ({@code all()} always). Since every member of the crate's {@code any}
 *       and {@code all} sees every value, each {@code versions} member counts the same rank.
 *   <li>A tombstone is required exactly when it is the oldest of a run that a required value of
 *       the same key follows at once. No other tombstone is.
 * </ul>
 *
 * Records are classified as they arrive; a tombstone waits (one at a time) for the record after
 * it. Memory: one record.
 */
final class RequiredVersions {
  /** Where each record goes, in table order, with its verdict. */
  @FunctionalInterface
  interface Sink {
    void accept(KeyValue record, boolean required) throws SstException;
  }

  private final GcPolicy policy;
  private final long nowMicros;
  private final Sink sink;
  private byte[] key;
  private long rank;
  /** The last tombstone seen since the key's previous value: the run's oldest so far. */
  private KeyValue runEnd;

  RequiredVersions(GcPolicy policy, long nowMicros, Sink sink) {
    this.policy = policy;
    this.nowMicros = nowMicros;
    this.sink = sink;
  }

  /** The next record of the stream. */
  void add(KeyValue record) throws SstException {
    if (key == null || !Arrays.equals(key, record.key())) {
      endKey();
      key = record.key();
      rank = 0;
    }
    if (record.isTombstone()) {
      if (runEnd != null) {
        sink.accept(runEnd, false); // an older tombstone of the run follows
      }
      runEnd = record;
      return;
    }
    boolean afterRun = runEnd != null;
    rank += afterRun ? 2 : 1;
    boolean required = holds(policy, rank, record.timestamp(), nowMicros);
    if (afterRun) {
      sink.accept(runEnd, required);
      runEnd = null;
    }
    sink.accept(record, required);
  }

  /** The end of the stream: a pending run is followed by no value. */
  void finish() throws SstException {
    endKey();
  }

  private void endKey() throws SstException {
    if (runEnd != null) {
      sink.accept(runEnd, false);
      runEnd = null;
    }
  }

  /** Whether {@code policy} requires a value of this rank and timestamp (unsigned) at now. */
  static boolean holds(GcPolicy policy, long rank, long timestamp, long nowMicros) {
    if (policy instanceof GcPolicy.Versions v) {
      return Long.compareUnsigned(rank, v.number()) <= 0;
    }
    if (policy instanceof GcPolicy.TtlMicros t) {
      long threshold = Long.compareUnsigned(nowMicros, t.micros()) > 0 ? nowMicros - t.micros() : 0;
      return Long.compareUnsigned(timestamp, threshold) >= 0;
    }
    if (policy instanceof GcPolicy.Any any) {
      return someHolds(any.policies(), rank, timestamp, nowMicros);
    }
    return allHold(((GcPolicy.All) policy).policies(), rank, timestamp, nowMicros);
  }

  private static boolean someHolds(List<GcPolicy> members, long rank, long timestamp, long now) {
    for (GcPolicy member : members) {
      if (holds(member, rank, timestamp, now)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allHold(List<GcPolicy> members, long rank, long timestamp, long now) {
    for (GcPolicy member : members) {
      if (!holds(member, rank, timestamp, now)) {
        return false;
      }
    }
    return true;
  }
}
