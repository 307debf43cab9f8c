package dev.sstbeam.format.gc;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One (key, timestamp) pair a compaction must keep, as the crate's {@code GarbageCollector}
 * yields it (a {@code KeyRef}). The key array is not copied and must not be modified.
 */
public final class RetainedKey {
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] key;
  private final long timestamp;

  public RetainedKey(byte[] key, long timestamp) {
    if (key == null) {
      throw new NullPointerException("key");
    }
    this.key = key;
    this.timestamp = timestamp;
  }

  public byte[] key() {
    return key;
  }

  /** The timestamp, unsigned. */
  public long timestamp() {
    return timestamp;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetainedKey other
        && timestamp == other.timestamp
        && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key) * 31 + Long.hashCode(timestamp);
  }

  /**
   * The line of the vectors' {@code retained.txt} files: {@code KEYHEX TIMESTAMP}, lowercase hex
   * and unsigned decimal (the empty key gives a line starting with a space), without newline.
   */
  public String toRetainedLine() {
    return HEX.formatHex(key) + ' ' + Long.toUnsignedString(timestamp);
  }

  @Override
  public String toString() {
    return toRetainedLine();
  }
}
