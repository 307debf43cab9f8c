package dev.sstbeam.benchmarks;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogWriter;
import dev.sstbeam.format.log.WriteBatch;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes bench.log (DATA.md) with {@link LogWriter}: generator + append + seal, timed together as
 * the Rust figure is (4.22 s). Then checks size, setsum and sha256 against DATA.md.
 *
 * <p>Usage: {@code WriteBenchLog [path] [--overwrite] [--no-sha256]}; default
 * /work/bench-data/bench.log. Exits 1 on a mismatch.
 */
public final class WriteBenchLog {
  static final double RUST_SECONDS = 4.22;

  private WriteBenchLog() {}

  public static void main(String[] args) throws Exception {
    Path path = BenchFiles.DEFAULT_LOG;
    boolean overwrite = false;
    boolean sha = true;
    for (String a : args) {
      if (a.equals("--overwrite")) {
        overwrite = true;
      } else if (a.equals("--no-sha256")) {
        sha = false;
      } else {
        path = Path.of(a);
      }
    }
    if (overwrite) {
      Files.deleteIfExists(path);
    }
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }

    long t0 = System.nanoTime();
    BenchData data = new BenchData();
    List<KeyValue> items = new ArrayList<>(16);
    WriteBatch batch = new WriteBatch();
    long batches = 0;
    Setsum setsum;
    try (LogWriter log = LogWriter.create(path).writeBehind()) {
      while (data.nextBatch(items) > 0) {
        for (KeyValue kv : items) {
          batch.add(kv);
        }
        log.append(batch);
        batch.clear();
        items.clear();
        batches++;
      }
      setsum = log.seal();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long size = Files.size(path);

    System.out.println(BenchFiles.line("write-bench-log", seconds, size, RUST_SECONDS));
    System.out.printf("records  %,d%n", data.generated());
    System.out.printf("batches  %,d  %s%n", batches, BenchFiles.verdict(batches == BenchData.BATCHES));
    System.out.printf("size     %,d  %s%n", size, BenchFiles.verdict(size == BenchData.LOG_SIZE));
    boolean ok = batches == BenchData.BATCHES && size == BenchData.LOG_SIZE;
    String hex = setsum.hexDigest();
    System.out.printf("setsum   %s  %s%n", hex, BenchFiles.verdict(hex.equals(BenchData.SETSUM)));
    ok &= hex.equals(BenchData.SETSUM);
    if (sha) {
      String digest = BenchFiles.sha256(path);
      System.out.printf(
          "sha256   %s  %s%n", digest, BenchFiles.verdict(digest.equals(BenchData.LOG_SHA256)));
      ok &= digest.equals(BenchData.LOG_SHA256);
    }
    if (!ok) {
      System.exit(1);
    }
  }
}
