package dev.sstbeam.pipelines.demo;

import dev.sstbeam.format.Limits;
import dev.sstbeam.format.wire.EntryCodec;
import dev.sstbeam.format.wire.Varint;

/**
 * Key and value lengths for a put of an exact encoded size, which the demo needs to place a record
 * at a chosen file offset. Sizes are FORMAT.md's: an entry is {@link EntryCodec#putSize}; a
 * single-entry batch written as a WHOLE frame takes {@code 1 + hlen + size} bytes with
 * {@code hlen = 8 + varint_len(size)} (§4.2).
 */
final class ExactSizePut {
  static final int MIN_KEY = 12;
  static final int MAX_KEY = 64;

  final int keyLength;
  final int valueLength;

  private ExactSizePut(int keyLength, int valueLength) {
    this.keyLength = keyLength;
    this.valueLength = valueLength;
  }

  /** The bytes a batch holding only this put occupies as one WHOLE frame. */
  static long frameSize(int keyLength, long timestamp, int valueLength) {
    int size = EntryCodec.putSize(keyLength, timestamp, valueLength);
    return 1 + 8 + Varint.length(size) + size;
  }

  /** A put whose entry is exactly {@code target} bytes, or null if none exists. */
  static ExactSizePut forEntry(long target, long timestamp) {
    return search(target, timestamp, false);
  }

  /** A put that alone in a batch makes a WHOLE frame of exactly {@code target} bytes, or null. */
  static ExactSizePut forFrame(long target, long timestamp) {
    return search(target, timestamp, true);
  }

  /** The largest entry {@link #forEntry} can produce. */
  static long maxEntry(long timestamp) {
    return EntryCodec.putSize(MAX_KEY, timestamp, Limits.MAX_VALUE_LEN);
  }

  private static ExactSizePut search(long target, long timestamp, boolean frame) {
    // Varying the key length by one shifts the size by one, which steps over the places where a
    // varint grows and the size jumps by two.
    for (int k = MIN_KEY; k <= MAX_KEY; k++) {
      long guess = target - k - 32;
      for (long v = Math.max(0, guess - 16); v <= Math.min(Limits.MAX_VALUE_LEN, guess + 48); v++) {
        long size =
            frame
                ? frameSize(k, timestamp, (int) v)
                : EntryCodec.putSize(k, timestamp, (int) v);
        if (size == target) {
          return new ExactSizePut(k, (int) v);
        }
      }
    }
    return null;
  }
}
