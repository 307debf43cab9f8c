package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A point lookup: the newest version of {@code key} whose timestamp is at or below
 * {@code timestamp} (unsigned; {@link #latest} asks for the newest of all). Encoded by
 * {@link LookupRequestCoder}, the default coder of this type.
 */
public final class LookupRequest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] key;
  private final long timestamp;

  private LookupRequest(byte[] key, long timestamp) {
    this.key = Objects.requireNonNull(key, "key");
    this.timestamp = timestamp;
  }

  /** The version of {@code key} a reader at {@code timestamp} sees. The key is not copied. */
  public static LookupRequest of(byte[] key, long timestamp) {
    return new LookupRequest(key, timestamp);
  }

  /** The newest version of {@code key} (timestamp 2^64 − 1). */
  public static LookupRequest latest(byte[] key) {
    return new LookupRequest(key, -1L);
  }

  /** The key; not to be modified. */
  public byte[] key() {
    return key;
  }

  /** The timestamp, unsigned. */
  public long timestamp() {
    return timestamp;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LookupRequest r && timestamp == r.timestamp && Arrays.equals(key, r.key);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Long.hashCode(timestamp);
  }

  @Override
  public String toString() {
    return "LookupRequest[" + java.util.HexFormat.of().formatHex(key) + " @ "
        + Long.toUnsignedString(timestamp) + "]";
  }
}
