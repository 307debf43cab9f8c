package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.Limits;
import dev.sstbeam.format.table.SstOptions;
import picocli.CommandLine.Option;

/**
 * The Rust tools' {@code --sst-…} table options (FORMAT.md §8.1, §5.11), with the Rust defaults.
 *
 * <p>Rust's command line assigns the sizes without the clamps its programmatic setters apply, so
 * a size outside the clamp range would make the Rust tool write different bytes from ours; such
 * a value is refused (exit 1) rather than silently clamped.
 */
final class SstOptionsMixin {
  private static final long MIN_SIZE = 4096;
  private static final long MAX_BLOCK_SIZE = 1L << 24;

  @Option(names = "--sst-block-bytes-restart-interval", paramLabel = "N",
      description = "Restart after this many entry bytes (default 1024).")
  Long bytesRestartInterval;

  @Option(names = "--sst-block-key-value-pairs-restart-interval", paramLabel = "N",
      description = "Restart after this many entries (default 16).")
  Long pairsRestartInterval;

  @Option(names = "--sst-target-block-size", paramLabel = "BYTES",
      description = "Data block size target, 4096..16777216 (default 4096).")
  Long targetBlockSize;

  @Option(names = "--sst-target-file-size", paramLabel = "BYTES",
      description = "Start a new table past this size, 4096..1006632960 (default 67108864).")
  Long targetFileSize;

  @Option(names = "--sst-minimum-file-size", paramLabel = "BYTES",
      description = "Split hint size, 4096..1006632960 (default 4194304).")
  Long minimumFileSize;

  @Option(names = "--sst-write-buffer-size", paramLabel = "BYTES",
      description = "Output buffer; changes no byte of the output (default 4194304).")
  Integer writeBufferSize;

  @Option(names = "--sst-bloom-filter-bits", paramLabel = "BITS",
      description = "Bloom filter bits per record, 0..255 (default 17).")
  Integer bloomFilterBits;

  /** The options; a value out of range is an {@link IllegalArgumentException} naming the flag. */
  SstOptions toOptions() {
    SstOptions.Builder b = SstOptions.builder();
    if (bytesRestartInterval != null) {
      b.bytesRestartInterval(inRange("--sst-block-bytes-restart-interval", bytesRestartInterval,
          0, 0xffffffffL));
    }
    if (pairsRestartInterval != null) {
      b.keyValuePairsRestartInterval(inRange("--sst-block-key-value-pairs-restart-interval",
          pairsRestartInterval, 0, 0xffffffffL));
    }
    if (targetBlockSize != null) {
      b.targetBlockSize(inRange("--sst-target-block-size", targetBlockSize, MIN_SIZE,
          MAX_BLOCK_SIZE));
    }
    if (targetFileSize != null) {
      b.targetFileSize(inRange("--sst-target-file-size", targetFileSize, MIN_SIZE,
          Limits.TABLE_FULL_SIZE));
    }
    if (minimumFileSize != null) {
      b.minimumFileSize(inRange("--sst-minimum-file-size", minimumFileSize, MIN_SIZE,
          Limits.TABLE_FULL_SIZE));
    }
    if (writeBufferSize != null) {
      b.writeBufferSize((int) inRange("--sst-write-buffer-size", writeBufferSize, 1,
          Integer.MAX_VALUE));
    }
    if (bloomFilterBits != null) {
      b.bloomFilterBits((int) inRange("--sst-bloom-filter-bits", bloomFilterBits, 0, 255));
    }
    return b.build();
  }

  private static long inRange(String flag, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          flag + " must be in " + min + ".." + max + ", not " + value);
    }
    return value;
  }
}
