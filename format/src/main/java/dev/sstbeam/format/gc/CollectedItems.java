package dev.sstbeam.format.gc;

/**
 * Told of every item a {@link RetainedRecords} steps past without keeping it: what a compaction
 * under the policy collects. Together with the kept records these are exactly the items of the
 * input, each once, so a compaction can account for its input as kept + collected (their count
 * and setsum) without reading anything twice.
 *
 * <p>Items are reported in table order, each once, before the stream moves past them: a value not
 * kept at once, a tombstone as soon as it is known not to be the oldest of its run before a kept
 * value (when the next item is another tombstone of the key, a value not kept, or another key),
 * and the last pending tombstones when the stream ends.
 */
@FunctionalInterface
public interface CollectedItems {
  /**
   * One collected item. The arrays are the stream's (not copied, not to be modified or held after
   * the call).
   *
   * @param value the value, or null for a tombstone
   */
  void collected(byte[] key, long timestamp, byte[] value);
}
