package dev.sstbeam.benchmarks;

import dev.sstbeam.format.log.LogChecksum;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code LogChecksum.of(path, threads)} over bench.log, like Rust's {@code log-checksum} (3.52 s
 * on one thread). Usage: {@code ChecksumBenchLog [path] [threads=2]}. Exits 1 when the setsum is
 * not DATA.md's (only checked for the default data set size).
 */
public final class ChecksumBenchLog {
  static final double RUST_SECONDS = 3.52;

  private ChecksumBenchLog() {}

  public static void main(String[] args) throws Exception {
    Path path = BenchFiles.logPath(args);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    long t0 = System.nanoTime();
    LogChecksum sum = LogChecksum.of(path, threads);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long size = Files.size(path);
    System.out.println(
        BenchFiles.line("log-checksum(" + threads + ")", seconds, size, RUST_SECONDS));
    String hex = sum.setsum().hexDigest();
    System.out.printf("records  %,d%n", sum.records());
    System.out.printf("setsum   %s  %s%n", hex, BenchFiles.verdict(hex.equals(BenchData.SETSUM)));
    if (size == BenchData.LOG_SIZE && !hex.equals(BenchData.SETSUM)) {
      System.exit(1);
    }
  }
}
