package dev.sstbeam.format.sort;

import dev.sstbeam.format.ErrorCode;
import dev.sstbeam.format.KeyOrder;
import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.SstException;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Applies a {@link DuplicatePolicy} to a stream in table order: {@link #accept} says whether an
 * item goes on, and counts what is dropped (their number and setsum, for audits).
 */
public final class DuplicateFilter {
  private final DuplicatePolicy policy;
  private final Setsum droppedSetsum = new Setsum();
  private long dropped;
  private KeyValue last;

  public DuplicateFilter(DuplicatePolicy policy) {
    this.policy = policy;
  }

  /** Starts a new stream (the previous item no longer counts). */
  public void reset() {
    last = null;
  }

  /** True if {@code kv} is to be kept; false if dropped; throws when the policy says fail. */
  public boolean accept(KeyValue kv) throws SstException {
    if (last == null || KeyOrder.compare(last.key(), last.timestamp(), kv.key(), kv.timestamp()) != 0) {
      last = kv;
      return true;
    }
    boolean exact = Arrays.equals(last.value(), kv.value());
    if (policy == DuplicatePolicy.FAIL || (!exact && policy == DuplicatePolicy.DROP_EXACT)) {
      throw SstException.of(ErrorCode.SORT_ORDER)
          .field("duplicate", exact ? "exact" : "conflicting")
          .field("key", describe(kv.key()))
          .unsignedField("timestamp", kv.timestamp())
          .build();
    }
    dropped++;
    droppedSetsum.insert(kv);
    return false;
  }

  public long dropped() {
    return dropped;
  }

  public Setsum droppedSetsum() {
    return droppedSetsum.copy();
  }

  /** The key as text when it is printable ASCII, else as hex. */
  private static String describe(byte[] key) {
    for (byte b : key) {
      if (b < 0x20 || b > 0x7e) {
        return "0x" + HexFormat.of().formatHex(key);
      }
    }
    return "\"" + new String(key, StandardCharsets.US_ASCII) + "\"";
  }
}
