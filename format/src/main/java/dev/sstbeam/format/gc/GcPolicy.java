package dev.sstbeam.format.gc;

import dev.sstbeam.format.cursor.Cursor;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A garbage-collection policy of the Rust crate's {@code sst::gc} (FORMAT.md §6.7): which versions
 * of a key a compaction must keep. Four kinds, each an immutable value with {@code equals} and
 * {@code hashCode}, whose {@link #toString()} is the crate's {@code Display} text:
 *
 * <ul>
 *   <li>{@link Versions} {@code versions = N}: the newest versions of each key, counted as the
 *       crate counts them (see {@link Versions});
 *   <li>{@link TtlMicros} {@code ttl_micros = N}: values no older than N microseconds before
 *       "now" (the crate's {@code Expires});
 *   <li>{@link Any} {@code any(P, ...)}: what any member keeps ({@code any()} keeps nothing);
 *   <li>{@link All} {@code all(P, ...)}: what every member keeps ({@code all()} keeps every
 *       value).
 * </ul>
 *
 * <p>{@link #parse} reads the crate's text form; {@link #collector} is the crate's
 * {@code GarbageCollector} (the (key, timestamp) pairs to keep) and {@link #retainedRecords} the
 * same decision as a stream of whole records, for a compaction to write.
 *
 * <p>N is an unsigned 64-bit number from 1 to 2^64 − 1, held in a {@code long} (read it with
 * {@link Long#toUnsignedString}). Policies are {@link Serializable} (for a Beam {@code DoFn}, say);
 * a determiner, which has state, is made where it is used.
 */
public sealed interface GcPolicy extends Serializable
    permits GcPolicy.Versions, GcPolicy.TtlMicros, GcPolicy.Any, GcPolicy.All {

  /**
   * Parses the crate's text form, accepting exactly the texts {@code
   * GarbageCollectionPolicy::try_from} accepts: {@code versions = N}, {@code ttl_micros = N},
   * {@code any(P, ...)} and {@code all(P, ...)}, with spaces, tabs, CR and LF around any token and
   * an optional trailing comma inside the parentheses; N is decimal, leading zeros allowed, no
   * sign, from 1 to 2^64 − 1. One limit the crate does not have: at most 1,000 levels of nested
   * {@code any}/{@code all} (the crate's recursive parser overflows its stack somewhere past
   * 10,000).
   *
   * @throws GcPolicyParseException naming the position of the first character that does not fit
   */
  static GcPolicy parse(String text) {
    return GcPolicyParser.parse(text);
  }

  /**
   * A fresh determiner for this policy at {@code nowMicros} (unsigned): the crate's per-value
   * decision, with the state ({@code versions} counters) it keeps from one value to the next.
   */
  Determiner determiner(long nowMicros);

  /**
   * The crate's {@code GarbageCollectionPolicy::collector}: the (key, timestamp) pairs a compaction
   * must keep, read from {@code cursor} as it is positioned. As in the crate, the cursor must be ON
   * the first item to consider (for a whole table: {@code seekToFirst()} then {@code next()}); a
   * cursor that is not on an item yields nothing. The collector owns the cursor from now on.
   */
  default GarbageCollector collector(Cursor cursor, long nowMicros) {
    return new GarbageCollector(RetainedRecords.fromCurrent(cursor, determiner(nowMicros)));
  }

  /**
   * The records a compaction must keep, of every item of {@code cursor} (it is moved to its first
   * item by the first {@link RetainedRecords#next()}), in table order: exactly the items of the
   * pairs {@link #collector} yields, with their values. The stream owns the cursor from now on.
   */
  default RetainedRecords retainedRecords(Cursor cursor, long nowMicros) {
    return RetainedRecords.fromFirst(cursor, determiner(nowMicros), RetainedRecords.IGNORE);
  }

  /**
   * {@link #retainedRecords(Cursor, long)}, telling {@code collected} of every other item, in
   * table order: what the compaction collects. Kept and collected are each item of the cursor
   * once, so setsum(items) = setsum(kept) + setsum(collected).
   */
  default RetainedRecords retainedRecords(Cursor cursor, long nowMicros, CollectedItems collected) {
    return RetainedRecords.fromFirst(cursor, determiner(nowMicros), collected);
  }

  /**
   * {@code versions = N}: per key, newest first, a value counts 1, or 2 when a run of tombstones
   * lies between it and the key's previous value (or the key's start); a value is kept while the
   * running count is at most N. Values that are not kept still count.
   *
   * @param number the unsigned N, at least 1
   */
  record Versions(long number) implements GcPolicy {
    public Versions {
      if (number == 0) {
        throw new IllegalArgumentException("versions must be at least 1");
      }
    }

    @Override
    public Determiner determiner(long nowMicros) {
      return new VersionsDeterminer(number);
    }

    @Override
    public String toString() {
      return "versions = " + Long.toUnsignedString(number);
    }
  }

  /**
   * {@code ttl_micros = N}: a value is kept when its timestamp is at least {@code now − N}, the
   * subtraction saturating at 0 (so when N ≥ now every value is kept).
   *
   * @param micros the unsigned N, at least 1
   */
  record TtlMicros(long micros) implements GcPolicy {
    public TtlMicros {
      if (micros == 0) {
        throw new IllegalArgumentException("ttl_micros must be at least 1");
      }
    }

    @Override
    public Determiner determiner(long nowMicros) {
      return new ExpiresDeterminer(Long.compareUnsigned(nowMicros, micros) > 0 ? nowMicros - micros : 0);
    }

    @Override
    public String toString() {
      return "ttl_micros = " + Long.toUnsignedString(micros);
    }
  }

  /**
   * {@code any(P, ...)}: a value is kept when any member keeps it. Every member is asked about every
   * value, so the counters of {@code versions} members keep counting. {@code any()} keeps nothing.
   */
  record Any(List<GcPolicy> policies) implements GcPolicy {
    public Any {
      policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
    }

    public Any(GcPolicy... policies) {
      this(List.of(policies));
    }

    @Override
    public Determiner determiner(long nowMicros) {
      return new AnyDeterminer(policies, nowMicros);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Any other && Members.equal(policies, other.policies);
    }

    @Override
    public int hashCode() {
      return Members.hash(1, policies);
    }

    @Override
    public String toString() {
      return Members.display("any", policies);
    }
  }

  /**
   * {@code all(P, ...)}: a value is kept when every member keeps it. Every member is asked about
   * every value (no short cut). {@code all()} keeps every value.
   */
  record All(List<GcPolicy> policies) implements GcPolicy {
    public All {
      policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
    }

    public All(GcPolicy... policies) {
      this(List.of(policies));
    }

    @Override
    public Determiner determiner(long nowMicros) {
      return new AllDeterminer(policies, nowMicros);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof All other && Members.equal(policies, other.policies);
    }

    @Override
    public int hashCode() {
      return Members.hash(2, policies);
    }

    @Override
    public String toString() {
      return Members.display("all", policies);
    }
  }
}
