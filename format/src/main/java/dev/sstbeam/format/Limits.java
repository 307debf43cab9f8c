package dev.sstbeam.format;

/** The size limits of FORMAT.md §2.1 and §4 (B, H, TABLE_FULL_SIZE). */
public final class Limits {
  /** Longest key, inclusive (2^14). */
  public static final int MAX_KEY_LEN = 1 << 14;
  /** Longest value, inclusive (2^15). */
  public static final int MAX_VALUE_LEN = 1 << 15;
  /** Exported by Rust, never enforced (2^20 - 2^16). */
  public static final int MAX_BATCH_LEN = (1 << 20) - (1 << 16);
  /** The log block size B = 1 MiB; also the largest write batch. */
  public static final int LOG_BLOCK_SIZE = 1 << 20;
  /** Maximum log frame header size H, including the length byte. */
  public static final int LOG_HEADER_MAX_SIZE = 19;
  /** Exported by Rust as the log MAX_BATCH_SIZE (B - 2H), never enforced. */
  public static final int LOG_MAX_BATCH_SIZE = LOG_BLOCK_SIZE - 2 * LOG_HEADER_MAX_SIZE;
  /** TABLE_FULL_SIZE = 2^30 - 2^26: sizes at or above it raise table-full. */
  public static final long TABLE_FULL_SIZE = (1L << 30) - (1L << 26);

  private Limits() {}

  /** Throws key-too-large if {@code key} is longer than {@link #MAX_KEY_LEN}. */
  public static void checkKey(byte[] key) throws SstException {
    if (key.length > MAX_KEY_LEN) {
      throw SstException.of(ErrorCode.KEY_TOO_LARGE)
          .field("length", key.length)
          .field("limit", MAX_KEY_LEN)
          .build();
    }
  }

  /** Throws value-too-large if {@code value} is longer than {@link #MAX_VALUE_LEN}. */
  public static void checkValue(byte[] value) throws SstException {
    if (value.length > MAX_VALUE_LEN) {
      throw SstException.of(ErrorCode.VALUE_TOO_LARGE)
          .field("length", value.length)
          .field("limit", MAX_VALUE_LEN)
          .build();
    }
  }
}
