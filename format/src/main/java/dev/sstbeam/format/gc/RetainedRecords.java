package dev.sstbeam.format.gc;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.cursor.Cursor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The records a compaction must keep under a policy, streamed forwards in table order: every item
 * whose (key, timestamp) the crate's {@link GarbageCollector} yields, in the same order, with its
 * value (or as a tombstone). Each is one of the input's items, so written in this order they make
 * a valid table holding exactly what the policy requires, and setsum(input) = setsum(kept) +
 * setsum(collected).
 *
 * <pre>{@code
 * try (RetainedRecords kept = policy.retainedRecords(cursor, nowMicros)) {
 *   for (kept.next(); kept.hasItem(); kept.next()) {
 *     writer.add(kept.keyValue());            // or kept.key(), kept.timestamp(), kept.value()
 *   }
 * }
 * }</pre>
 *
 * <p>Like a {@link Cursor} it starts before its first record, {@link #next()} moves it on, and
 * {@link #hasItem()} says whether it is on a record; unlike one it only moves forwards (whether a
 * value is kept depends on the key's newer versions, which a backward step would have to re-read).
 * {@link GcPolicy#retainedRecords} reads the whole cursor (the first {@code next()} calls {@code
 * seekToFirst()} and {@code next()} on it); the {@link GarbageCollector} built on this class reads
 * from where its cursor stands, as the crate's does.
 *
 * <p>{@link GcPolicy#retainedRecords(Cursor, long, CollectedItems)} also reports every item it
 * does not keep, so kept and collected together are each input item once.
 *
 * <p>Memory is bounded by one key, whatever the input: of a run of tombstones only the newest
 * position matters. Whether a run is pending and the timestamp of its last (oldest) tombstone are
 * all that is held; a kept tombstone is always the item just before the kept value, so when it is
 * this stream's current record the inner cursor already stands on that value, and values are never
 * copied. The key, timestamp and value arrays are the inner cursor's (not copied, not to be
 * modified).
 */
public final class RetainedRecords implements AutoCloseable {
  private static final int BEFORE = 0;
  /** On the oldest tombstone of a run; the inner cursor is on the kept value that follows it. */
  private static final int ON_TOMBSTONE = 1;
  /** On a kept value; the inner cursor is on it. */
  private static final int ON_VALUE = 2;
  private static final int AFTER = 3;

  private final Cursor inner;
  private final Determiner determiner;
  private final boolean fromFirst;
  private final CollectedItems collected;
  private int state = BEFORE;
  /** The key of the current group of versions (the inner cursor's current key), or null. */
  private byte[] groupKey;
  private long tombstoneTimestamp;

  private RetainedRecords(Cursor inner, Determiner determiner, boolean fromFirst,
      CollectedItems collected) {
    this.inner = Objects.requireNonNull(inner, "cursor");
    this.determiner = Objects.requireNonNull(determiner, "determiner");
    this.fromFirst = fromFirst;
    this.collected = Objects.requireNonNull(collected, "collected");
  }

  /** The kept records of every item of {@code cursor}; the others go to {@code collected}. */
  static RetainedRecords fromFirst(Cursor cursor, Determiner determiner, CollectedItems collected) {
    return new RetainedRecords(cursor, determiner, true, collected);
  }

  /** The kept records from {@code cursor}'s current item on; nothing when it is on none. */
  static RetainedRecords fromCurrent(Cursor cursor, Determiner determiner) {
    return new RetainedRecords(cursor, determiner, false, IGNORE);
  }

  /** For streams whose collected items nobody counts. */
  static final CollectedItems IGNORE = (key, timestamp, value) -> { };

  /** Moves to the next record to keep, or past the last one ({@link #hasItem()} false). */
  public void next() throws SstException {
    switch (state) {
      case AFTER:
        return;
      case ON_TOMBSTONE:
        state = ON_VALUE;
        return;
      case ON_VALUE:
        inner.next();
        break;
      default:
        if (fromFirst) {
          inner.seekToFirst();
          inner.next();
        }
    }
    state = AFTER; // until a record is found; also the state after an error
    findNext();
  }

  /**
   * From the inner cursor's current item, which follows the last record handed out (if any) and
   * is not within a run of tombstones, finds the next value the determiner keeps. Within a key, the
   * tombstones since the previous value form the pending run; a new key, and every value, kept or
   * not, end it. Every item passed over is reported to {@link #collected} once it is known not to
   * be kept: a tombstone when a later one of its run follows, or when the run ends without a kept
   * value (the run's oldest is the item just before that value, so it is still pending then).
   */
  private void findNext() throws SstException {
    boolean pending = false;
    long oldest = 0;
    while (inner.hasItem()) {
      byte[] key = inner.key();
      if (groupKey == null || !Arrays.equals(groupKey, key)) {
        if (pending) {
          collected.collected(groupKey, oldest, null); // tombstones of the previous key are dropped
        }
        groupKey = key;
        pending = false;
      }
      long timestamp = inner.timestamp();
      if (inner.value() == null) {
        if (pending) {
          collected.collected(groupKey, oldest, null); // not the oldest of its run
        }
        pending = true;
        oldest = timestamp;
        inner.next();
        continue;
      }
      if (determiner.retain(groupKey, pending, timestamp)) {
        tombstoneTimestamp = oldest;
        state = pending ? ON_TOMBSTONE : ON_VALUE;
        return;
      }
      if (pending) {
        collected.collected(groupKey, oldest, null);
      }
      collected.collected(groupKey, timestamp, inner.value());
      pending = false;
      inner.next();
    }
    if (pending) {
      collected.collected(groupKey, oldest, null);
    }
  }

  /** True when on a record to keep. */
  public boolean hasItem() {
    return state == ON_TOMBSTONE || state == ON_VALUE;
  }

  /** The current record's key; only when {@link #hasItem()}. */
  public byte[] key() {
    return hasItem() ? groupKey : null;
  }

  /** The current record's timestamp (unsigned); only when {@link #hasItem()}. */
  public long timestamp() {
    return state == ON_TOMBSTONE ? tombstoneTimestamp : inner.timestamp();
  }

  /** The current record's value, or null on a tombstone or when not on a record. */
  public byte[] value() {
    return state == ON_VALUE ? inner.value() : null;
  }

  /** The current record, or null when not on one. */
  public KeyValue keyValue() {
    return hasItem() ? KeyValue.of(key(), timestamp(), value()) : null;
  }

  /** Closes the inner cursor. */
  @Override
  public void close() throws SstException {
    inner.close();
  }
}
