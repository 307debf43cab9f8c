package dev.sstbeam.format.table;

/**
 * The Rust {@code SstOptions} of FORMAT.md §5.11, with its defaults. The setters clamp like the
 * Rust programmatic setters where Rust has them ({@code target_block_size} to [4096, 16 MiB], the
 * file sizes to [4096, TABLE_FULL_SIZE]); restart intervals and bloom bits are taken as given.
 * Options are not recorded in a table: readers need none of them.
 */
public final class SstOptions implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** The Rust defaults: restarts every 1024 bytes / 16 items, 4 KiB blocks, 64 MiB files, 17 bits. */
  public static final SstOptions DEFAULT = new Builder().build();

  private final long bytesRestartInterval;
  private final long keyValuePairsRestartInterval;
  private final long targetBlockSize;
  private final long targetFileSize;
  private final long minimumFileSize;
  private final int writeBufferSize;
  private final int bloomFilterBits;

  private SstOptions(Builder b) {
    this.bytesRestartInterval = b.bytesRestartInterval;
    this.keyValuePairsRestartInterval = b.keyValuePairsRestartInterval;
    this.targetBlockSize = b.targetBlockSize;
    this.targetFileSize = b.targetFileSize;
    this.minimumFileSize = b.minimumFileSize;
    this.writeBufferSize = b.writeBufferSize;
    this.bloomFilterBits = b.bloomFilterBits;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.bytesRestartInterval = bytesRestartInterval;
    b.keyValuePairsRestartInterval = keyValuePairsRestartInterval;
    b.targetBlockSize = targetBlockSize;
    b.targetFileSize = targetFileSize;
    b.minimumFileSize = minimumFileSize;
    b.writeBufferSize = writeBufferSize;
    b.bloomFilterBits = bloomFilterBits;
    return b;
  }

  public long bytesRestartInterval() {
    return bytesRestartInterval;
  }

  public long keyValuePairsRestartInterval() {
    return keyValuePairsRestartInterval;
  }

  public long targetBlockSize() {
    return targetBlockSize;
  }

  public long targetFileSize() {
    return targetFileSize;
  }

  public long minimumFileSize() {
    return minimumFileSize;
  }

  public int writeBufferSize() {
    return writeBufferSize;
  }

  public int bloomFilterBits() {
    return bloomFilterBits;
  }

  @Override
  public String toString() {
    return "SstOptions{block_bytes_restart_interval: " + bytesRestartInterval
        + ", block_key_value_pairs_restart_interval: " + keyValuePairsRestartInterval
        + ", target_block_size: " + targetBlockSize
        + ", target_file_size: " + targetFileSize
        + ", minimum_file_size: " + minimumFileSize
        + ", write_buffer_size: " + writeBufferSize
        + ", bloom_filter_bits: " + bloomFilterBits + "}";
  }

  /** Builder for {@link SstOptions}. */
  public static final class Builder {
    private static final long MIN_SIZE = 4096;
    private long bytesRestartInterval = 1024;
    private long keyValuePairsRestartInterval = 16;
    private long targetBlockSize = 4096;
    private long targetFileSize = 1L << 26;
    private long minimumFileSize = 1L << 22;
    private int writeBufferSize = 1 << 22;
    private int bloomFilterBits = 17;

    private Builder() {}

    /** Bytes of entries after which the next entry starts a restart (u32, unclamped). */
    public Builder bytesRestartInterval(long bytes) {
      bytesRestartInterval = checkU32(bytes, "bytes restart interval");
      return this;
    }

    /** Entries after which the next entry starts a restart (u32, unclamped). */
    public Builder keyValuePairsRestartInterval(long pairs) {
      keyValuePairsRestartInterval = checkU32(pairs, "key-value pairs restart interval");
      return this;
    }

    /** A block is cut before an item once its size exceeds this; clamped to [4096, 16 MiB]. */
    public Builder targetBlockSize(long bytes) {
      targetBlockSize = clamp(bytes, MIN_SIZE, 1L << 24);
      return this;
    }

    /** SstMultiWriter rolls to a new table at this size; clamped to [4096, TABLE_FULL_SIZE]. */
    public Builder targetFileSize(long bytes) {
      targetFileSize = clamp(bytes, MIN_SIZE, dev.sstbeam.format.Limits.TABLE_FULL_SIZE);
      return this;
    }

    /** Split hint size; clamped to [4096, TABLE_FULL_SIZE]. */
    public Builder minimumFileSize(long bytes) {
      minimumFileSize = clamp(bytes, MIN_SIZE, dev.sstbeam.format.Limits.TABLE_FULL_SIZE);
      return this;
    }

    /** Output buffer size (performance only). */
    public Builder writeBufferSize(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("write buffer size must be positive");
      }
      writeBufferSize = bytes;
      return this;
    }

    /** Bloom filter bits per item, 0..255 (a Rust u8). */
    public Builder bloomFilterBits(int bits) {
      if (bits < 0 || bits > 255) {
        throw new IllegalArgumentException("bloom filter bits must be in 0..255, not " + bits);
      }
      bloomFilterBits = bits;
      return this;
    }

    public SstOptions build() {
      return new SstOptions(this);
    }

    private static long clamp(long v, long lo, long hi) {
      return Math.max(lo, Math.min(hi, v));
    }

    private static long checkU32(long v, String what) {
      if (v < 0 || v > 0xffffffffL) {
        throw new IllegalArgumentException(what + " must be a u32, not " + v);
      }
      return v;
    }
  }
}
