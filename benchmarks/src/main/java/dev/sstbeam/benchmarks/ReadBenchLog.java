package dev.sstbeam.benchmarks;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sequential {@link LogReader} scan of bench.log: CRC checks and entry decoding, no setsum. Touches
 * every item (key length, timestamp, value length) so nothing is optimised away.
 * Usage: {@code ReadBenchLog [path]}.
 */
public final class ReadBenchLog {
  private ReadBenchLog() {}

  public static void main(String[] args) throws Exception {
    Path path = BenchFiles.logPath(args);
    long t0 = System.nanoTime();
    long[] r = scan(path);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long size = Files.size(path);
    System.out.println(BenchFiles.line("log-read-seq", seconds, size, 0));
    System.out.printf("records  %,d  (checksum of touched fields %d)%n", r[0], r[1]);
  }

  /** {records, a checksum of the touched fields}. */
  static long[] scan(Path path) throws Exception {
    long n = 0;
    long acc = 0;
    try (LogReader reader = LogReader.open(path)) {
      KeyValue kv;
      while ((kv = reader.next()) != null) {
        acc += kv.key().length + kv.timestamp();
        byte[] v = kv.value();
        if (v != null) {
          acc += v.length;
        }
        n++;
      }
    }
    return new long[] {n, acc};
  }
}
