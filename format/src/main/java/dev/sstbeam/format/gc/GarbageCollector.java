package dev.sstbeam.format.gc;

import dev.sstbeam.format.SstException;

/**
 * The crate's {@code GarbageCollector}: the (key, timestamp) pairs a compaction must keep, in the
 * order the crate yields them (table order). Any other item may be dropped. Get one from
 * {@link GcPolicy#collector}; it reads its cursor from where that cursor stands.
 *
 * <pre>{@code
 * try (SstCursor c = sst.cursor()) {
 *   c.seekToFirst();
 *   c.next();                                  // the crate's collector needs a positioned cursor
 *   GarbageCollector gc = policy.collector(c, nowMicros);
 *   for (RetainedKey k = gc.next(); k != null; k = gc.next()) { ... }
 * }
 * }</pre>
 *
 * <p>What it yields (the crate's rules, which the vectors in {@code vectors/gc} pin down): each
 * value the determiner keeps, preceded by the OLDEST tombstone of the run of tombstones just before
 * it, if there is such a run. The other tombstones of a run, the tombstones after a key's last
 * value, the tombstones of a key that has no value, and the values not kept are never yielded.
 * A kept tombstone therefore stands for its whole run (a reader at a snapshot at or after it
 * still sees the key deleted), and a key that has only tombstones disappears. That is right only when the cursor holds every version of each key (a full
 * compaction): a tombstone-only key dropped from a partial compaction would uncover older values
 * of the key left in other tables.
 *
 * <p>A cursor error is thrown from the call that meets it. The crate steps past a value before
 * yielding it, so it meets an error one item earlier: where the crate fails right after its last
 * good pair, this collector first yields that pair and fails on the next call.
 */
public final class GarbageCollector implements AutoCloseable {
  private final RetainedRecords records;

  GarbageCollector(RetainedRecords records) {
    this.records = records;
  }

  /** The next pair to keep, or null when there are no more (and from then on). */
  public RetainedKey next() throws SstException {
    records.next();
    return records.hasItem() ? new RetainedKey(records.key(), records.timestamp()) : null;
  }

  /** Closes the cursor. */
  @Override
  public void close() throws SstException {
    records.close();
  }
}
