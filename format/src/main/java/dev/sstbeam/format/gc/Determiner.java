package dev.sstbeam.format.gc;

/**
 * The crate's {@code Determiner}: decides, value by value, whether a compaction must keep a value
 * (a put). It is asked once for every value of a stream in table order (keys ascending, each key's
 * versions newest first), never for a tombstone, and may keep state from one call to the next
 * (the {@code versions} counters), so one determiner serves one stream. Get one from
 * {@link GcPolicy#determiner(long)}.
 *
 * <p>The crate passes the timestamps of the pending tombstones (those between this value and the
 * key's previous value, or the key's start), but every determiner only asks whether there are
 * any; so does this interface, and nobody has to hold a run of tombstones, however long.
 */
public interface Determiner {
  /**
   * True when the value of {@code key} at {@code timestamp} (unsigned) must be kept.
   *
   * @param key the value's key; not modified, and not held after the call
   * @param afterTombstones whether tombstones of this key lie between this value and the key's
   *     previous value (or, for the newest value, the key's start)
   */
  boolean retain(byte[] key, boolean afterTombstones, long timestamp);
}
