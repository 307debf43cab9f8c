package dev.sstbeam.format.setsum;

import java.util.Locale;

/**
 * The hashing path asked for with the system property {@value #PROPERTY} (read once per JVM):
 *
 * <ul>
 *   <li>{@code auto} (the default): the vector path at {@link #AUTO_BITS} bits, or narrower when
 *       the CPU's preferred vectors are narrower, once the JVM has hashed enough for it to pay and
 *       it has passed the self-check (same digests as the scalar path and clearly faster); until
 *       then, and else, the scalar path;
 *   <li>{@code eager}: the vector path at the auto width from the first item, when the JVM
 *       compiles with C2 and the digests agree (no speed check); else as {@code auto}. For a JVM
 *       known to hash a lot, such as the {@code ./sst} launcher's. {@code eager128},
 *       {@code eager256}, {@code eager512}: the same at the given width;
 *   <li>{@code scalar}: the scalar path;
 *   <li>{@code vector}, {@code vector128}, {@code vector256}, {@code vector512}: the vector path at
 *       the auto width or the given one, without the speed check (the digests are still checked).
 * </ul>
 *
 * Any other value selects the scalar path, and the description of the path (what {@code sst
 * --version} prints) says why: a typo must not break hashing on a worker.
 */
final class HashingMode {
  static final String PROPERTY = "sst.setsum.hashing";
  /**
   * The auto width, capped by the CPU's preferred width: 8 lanes of 512 bits hashed 0–9 % faster
   * than 4 of 256 on a Xeon and 30 % (JDK 17) to 70 % (JDK 25) faster on an EPYC (README "Setsum
   * hashing paths"); {@code eager256} or {@code vector256} keep 4 lanes.
   */
  static final int AUTO_BITS = 512;

  private static final HashingMode CURRENT = parse(System.getProperty(PROPERTY));

  /** Scalar only. */
  final boolean scalar;
  /** The vector width in bits; 0 for the auto width. */
  final int vectorBits;
  /** Whether the speed check may veto the vector path (only when not forced). */
  final boolean speedChecked;
  /** {@code eager}: the vector path from the start on a JVM with C2, without the speed check. */
  final boolean eager;
  /** The property's value as given, for messages; null when unset. */
  final String given;
  /** Why the value was not understood; null when it was. */
  final String invalid;

  private HashingMode(boolean scalar, int vectorBits, boolean speedChecked, String given,
      String invalid) {
    this(scalar, vectorBits, speedChecked, false, given, invalid);
  }

  private HashingMode(boolean scalar, int vectorBits, boolean speedChecked, boolean eager,
      String given, String invalid) {
    this.eager = eager;
    this.scalar = scalar;
    this.vectorBits = vectorBits;
    this.speedChecked = speedChecked;
    this.given = given;
    this.invalid = invalid;
  }

  static HashingMode current() {
    return CURRENT;
  }

  /** Parses a value of the property; null or empty is auto. */
  static HashingMode parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "":
      case "auto":
        return new HashingMode(false, 0, true, value, null);
      case "eager":
        return new HashingMode(false, 0, true, true, value, null);
      case "eager128":
        return new HashingMode(false, 128, true, true, value, null);
      case "eager256":
        return new HashingMode(false, 256, true, true, value, null);
      case "eager512":
        return new HashingMode(false, 512, true, true, value, null);
      case "scalar":
        return new HashingMode(true, 0, false, value, null);
      case "vector":
        return new HashingMode(false, 0, false, value, null);
      case "vector128":
        return new HashingMode(false, 128, false, value, null);
      case "vector256":
        return new HashingMode(false, 256, false, value, null);
      case "vector512":
        return new HashingMode(false, 512, false, value, null);
      default:
        return new HashingMode(true, 0, false, value, "-D" + PROPERTY + "=" + value
            + " is not auto, eager, eager128, eager256, eager512, scalar, vector, vector128,"
            + " vector256 or vector512");
    }
  }

  /** How the mode was chosen, for descriptions: "" for auto, else "forced by -D...=...". */
  String forcedBy() {
    return speedChecked ? "" : "forced by -D" + PROPERTY + "=" + given;
  }
}
