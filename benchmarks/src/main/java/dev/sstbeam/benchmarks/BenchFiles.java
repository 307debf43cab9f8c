package dev.sstbeam.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Shared bits of the benchmark programs: the default data path, sha256 of a file, rates. */
final class BenchFiles {
  /** Where the big files live: outside every repository. */
  static final Path DEFAULT_LOG = Path.of("/work/bench-data/bench.log");

  private BenchFiles() {}

  /** The first argument as a path, or the default bench.log. */
  static Path logPath(String[] args) {
    return args.length > 0 ? Path.of(args[0]) : DEFAULT_LOG;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** One result line: {@code name  seconds  MB/s  ratio-vs-rust} (MB = 10^6 bytes). */
  static String line(String name, double seconds, long bytes, double rustSeconds) {
    return String.format(
        "%-20s %8.3f s %9.1f MB/s  %s",
        name,
        seconds,
        bytes / 1e6 / seconds,
        rustSeconds > 0 ? String.format("%.2fx rust (%.2f s)", seconds / rustSeconds, rustSeconds) : "-");
  }

  static String verdict(boolean ok) {
    return ok ? "OK" : "MISMATCH";
  }
}
