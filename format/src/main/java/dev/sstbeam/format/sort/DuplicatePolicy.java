package dev.sstbeam.format.sort;

/**
 * What to do when two items have the same key and timestamp, which a log may hold but a table may
 * not (FORMAT.md §2.3). An <em>exact</em> duplicate also has the same value (or is also a
 * tombstone); a <em>conflicting</em> one differs. "First" is the first added to the sorter.
 */
public enum DuplicatePolicy {
  /** Drop exact duplicates (counted); fail on a conflicting one, naming its key and timestamp. */
  DROP_EXACT,
  /** Keep the first item of each key and timestamp; drop (and count) every later one. */
  KEEP_FIRST,
  /** Fail on any duplicate, as Rust's sst-from-log does. */
  FAIL
}
