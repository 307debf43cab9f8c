package dev.sstbeam.format;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One item of FORMAT.md §2.1: a key, an unsigned 64-bit timestamp, and a value or a tombstone
 * (a tombstone has no value at all, which is distinct from an empty value).
 *
 * <p>Immutable by contract: the arrays are not copied, so callers must not modify them after
 * handing them over or after reading them.
 */
public final class KeyValue implements Comparable<KeyValue>, java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] key;
  private final long timestamp;
  private final byte[] value;

  private KeyValue(byte[] key, long timestamp, byte[] value) {
    if (key == null) {
      throw new NullPointerException("key");
    }
    this.key = key;
    this.timestamp = timestamp;
    this.value = value;
  }

  /** A put of {@code value} (which must not be null) under {@code key} at {@code timestamp}. */
  public static KeyValue put(byte[] key, long timestamp, byte[] value) {
    if (value == null) {
      throw new NullPointerException("value (use KeyValue.del for a tombstone)");
    }
    return new KeyValue(key, timestamp, value);
  }

  /** A tombstone for {@code key} at {@code timestamp}. */
  public static KeyValue del(byte[] key, long timestamp) {
    return new KeyValue(key, timestamp, null);
  }

  /** A put when {@code value} is non-null, a tombstone when it is null. */
  public static KeyValue of(byte[] key, long timestamp, byte[] valueOrNull) {
    return new KeyValue(key, timestamp, valueOrNull);
  }

  public byte[] key() {
    return key;
  }

  /** The timestamp as an unsigned 64-bit number (compare with {@link Long#compareUnsigned}). */
  public long timestamp() {
    return timestamp;
  }

  /** The value, or null for a tombstone. */
  public byte[] value() {
    return value;
  }

  public boolean isTombstone() {
    return value == null;
  }

  @Override
  public int compareTo(KeyValue other) {
    return KeyOrder.compare(key, timestamp, other.key, other.timestamp);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeyValue)) {
      return false;
    }
    KeyValue other = (KeyValue) o;
    return timestamp == other.timestamp
        && Arrays.equals(key, other.key)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(key) * 31 + Long.hashCode(timestamp)) * 31 + Arrays.hashCode(value);
  }

  /**
   * The canonical listing line of vectors/README.md: {@code KEYHEX TIMESTAMP VALUEHEX}, or
   * {@code KEYHEX TIMESTAMP -} for a tombstone.
   */
  public String toListingLine() {
    return HEX.formatHex(key)
        + ' '
        + Long.toUnsignedString(timestamp)
        + ' '
        + (value == null ? "-" : HEX.formatHex(value));
  }

  @Override
  public String toString() {
    return toListingLine();
  }
}
