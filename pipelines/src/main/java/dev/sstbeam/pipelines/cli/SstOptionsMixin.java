package dev.sstbeam.pipelines.cli;

import dev.sstbeam.format.table.SstOptions;
import picocli.CommandLine.Option;

/** The Rust tools' {@code --sst-…} table options (FORMAT.md §8.1), with the Rust defaults. */
final class SstOptionsMixin {
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
      description = "Start a new table past this size (default 67108864).")
  Long targetFileSize;

  @Option(names = "--sst-bloom-filter-bits", paramLabel = "BITS",
      description = "Bloom filter bits per record, 0..255 (default 17).")
  Integer bloomFilterBits;

  SstOptions toOptions() {
    SstOptions.Builder b = SstOptions.builder();
    if (bytesRestartInterval != null) {
      b.bytesRestartInterval(bytesRestartInterval);
    }
    if (pairsRestartInterval != null) {
      b.keyValuePairsRestartInterval(pairsRestartInterval);
    }
    if (targetBlockSize != null) {
      b.targetBlockSize(targetBlockSize);
    }
    if (targetFileSize != null) {
      b.targetFileSize(targetFileSize);
    }
    if (bloomFilterBits != null) {
      b.bloomFilterBits(bloomFilterBits);
    }
    return b.build();
  }
}
