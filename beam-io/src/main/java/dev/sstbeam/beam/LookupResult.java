package dev.sstbeam.beam;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The answer to a {@link LookupRequest}, as {@code Sst::load} gives it (FORMAT.md §5.10): the
 * newest version of the key at or below the requested timestamp. When that version is a value the
 * result is found, with the value and the version's timestamp; when it is a tombstone, or there is
 * no such version, or no table holds the key, the result is absent. Encoded by
 * {@link LookupResultCoder}, the default coder of this type.
 */
public final class LookupResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LookupRequest request;
  private final long versionTimestamp;
  private final byte @Nullable [] value;

  private LookupResult(LookupRequest request, long versionTimestamp, byte @Nullable [] value) {
    this.request = Objects.requireNonNull(request, "request");
    this.versionTimestamp = versionTimestamp;
    this.value = value;
  }

  /** The request was answered by a value written at {@code versionTimestamp}. */
  public static LookupResult found(LookupRequest request, long versionTimestamp, byte[] value) {
    return new LookupResult(request, versionTimestamp, Objects.requireNonNull(value, "value"));
  }

  /** No value: no version at or below the timestamp, or the newest such is a tombstone. */
  public static LookupResult absent(LookupRequest request) {
    return new LookupResult(request, 0, null);
  }

  public LookupRequest request() {
    return request;
  }

  public boolean isFound() {
    return value != null;
  }

  /** The value; null when absent. Not to be modified. */
  public byte @Nullable [] value() {
    return value;
  }

  /** The found version's timestamp (unsigned); 0 when absent. */
  public long versionTimestamp() {
    return versionTimestamp;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LookupResult r && request.equals(r.request)
        && versionTimestamp == r.versionTimestamp && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(request, versionTimestamp, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return request + (isFound()
        ? " -> found @ " + Long.toUnsignedString(versionTimestamp) + ", " + value.length + " bytes"
        : " -> absent");
  }
}
