package dev.sstbeam.format.cursor;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One end of a key range, as Rust's {@code std::ops::Bound}: a key that is included, a key that is
 * excluded, or no limit. Only key bytes are compared (unsigned), so every version of a boundary key
 * is in or out together. Immutable: the key is copied in and out.
 */
public final class Bound {
  /** What kind of bound this is. */
  public enum Kind { INCLUDED, EXCLUDED, UNBOUNDED }

  private static final Bound UNBOUNDED = new Bound(Kind.UNBOUNDED, null);

  private final Kind kind;
  private final byte[] key;

  private Bound(Kind kind, byte[] key) {
    this.kind = kind;
    this.key = key;
  }

  /** The range includes {@code key}. */
  public static Bound included(byte[] key) {
    return new Bound(Kind.INCLUDED, key.clone());
  }

  /** The range stops just short of {@code key}. */
  public static Bound excluded(byte[] key) {
    return new Bound(Kind.EXCLUDED, key.clone());
  }

  /** No limit on this side. */
  public static Bound unbounded() {
    return UNBOUNDED;
  }

  public Kind kind() {
    return kind;
  }

  /** The boundary key, or null when unbounded. */
  public byte[] key() {
    return key == null ? null : key.clone();
  }

  /** As a start bound: is {@code k} below it (outside the range)? */
  boolean excludesAsStart(byte[] k) {
    switch (kind) {
      case INCLUDED:
        return Arrays.compareUnsigned(k, key) < 0;
      case EXCLUDED:
        return Arrays.compareUnsigned(k, key) <= 0;
      default:
        return false;
    }
  }

  /** As an end bound: is {@code k} above it (outside the range)? */
  boolean excludesAsEnd(byte[] k) {
    switch (kind) {
      case INCLUDED:
        return Arrays.compareUnsigned(k, key) > 0;
      case EXCLUDED:
        return Arrays.compareUnsigned(k, key) >= 0;
      default:
        return false;
    }
  }

  /**
   * As a start bound: the smallest key inside the range ({@code key} itself, or for an excluded
   * key its immediate successor {@code key || 00}); null when unbounded.
   */
  byte[] firstKeyInRangeAsStart() {
    switch (kind) {
      case INCLUDED:
        return key;
      case EXCLUDED:
        return successor(key);
      default:
        return null;
    }
  }

  /**
   * As an end bound: the smallest key past the range ({@code key} itself when excluded, its
   * successor {@code key || 00} when included); null when unbounded.
   */
  byte[] firstKeyPastRangeAsEnd() {
    switch (kind) {
      case INCLUDED:
        return successor(key);
      case EXCLUDED:
        return key;
      default:
        return null;
    }
  }

  /** The smallest key greater than {@code k}: {@code k} followed by one zero byte. */
  private static byte[] successor(byte[] k) {
    return Arrays.copyOf(k, k.length + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bound && ((Bound) o).kind == kind && Arrays.equals(((Bound) o).key, key);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    switch (kind) {
      case INCLUDED:
        return "Included(" + HexFormat.of().formatHex(key) + ")";
      case EXCLUDED:
        return "Excluded(" + HexFormat.of().formatHex(key) + ")";
      default:
        return "Unbounded";
    }
  }
}
