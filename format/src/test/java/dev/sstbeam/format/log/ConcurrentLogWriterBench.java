package dev.sstbeam.format.log;

import dev.sstbeam.format.SstException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durable appends per second: one thread doing {@link LogWriter#append} + {@link
 * LogWriter#fsync()} per batch, against 16 threads appending through {@link ConcurrentLogWriter}
 * (which syncs before every append returns). Batches are one ~100-byte put. A plain main, not a
 * test, so that it can move to the JMH benchmarks module later.
 *
 * <pre>
 * java -cp format/target/classes:format/target/test-classes \
 *     dev.sstbeam.format.log.ConcurrentLogWriterBench [seconds=3] [threads=16] [dir=/tmp]
 * </pre>
 */
public final class ConcurrentLogWriterBench {
  private ConcurrentLogWriterBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    Path dir = Files.createTempDirectory(Path.of(args.length > 2 ? args[2] : "/tmp"), "sst-bench");
    try {
      single(dir.resolve("warmup-single.log"), 1); // JIT warm-up, not reported
      concurrent(dir.resolve("warmup-concurrent.log"), threads, 1);
      double one = single(dir.resolve("single.log"), seconds);
      double many = concurrent(dir.resolve("concurrent.log"), threads, seconds);
      System.out.printf("single thread, LogWriter append+fsync:  %,12.0f appends/s%n", one);
      System.out.printf("%2d threads, ConcurrentLogWriter append: %,12.0f appends/s%n", threads, many);
      System.out.printf("ratio: %.1fx%n", many / one);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  /** A batch of one put: 16-byte key, 8-byte timestamp, 72-byte value, ~100 bytes encoded. */
  private static WriteBatch batch(int thread, long id) throws SstException {
    byte[] key = ByteBuffer.allocate(16).putLong(thread).putLong(id).array();
    byte[] value = new byte[72];
    ThreadLocalRandom.current().nextBytes(value);
    return new WriteBatch().put(key, id, value);
  }

  private static double single(Path path, double seconds) throws IOException {
    long n = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    try (LogWriter writer = LogWriter.create(path)) {
      while (System.nanoTime() < end) {
        writer.append(batch(0, n++));
        writer.fsync();
      }
      writer.seal();
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static double concurrent(Path path, int threads, double seconds) throws Exception {
    LongAdder appends = new LongAdder();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    ConcurrentLogWriter writer = ConcurrentLogWriter.create(path);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  for (long n = 0; System.nanoTime() < end; n++) {
                    writer.append(batch(thread, n));
                    appends.increment();
                  }
                } catch (SstException e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long records = writer.records();
    long syncs = writer.syncs();
    writer.seal();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("append failed", failures.get(0));
    }
    System.out.printf(
        "  (%d threads: %d appends in %d records, %d syncs: %.1f appends per sync)%n",
        threads, appends.sum(), records, syncs, appends.sum() / (double) syncs);
    return appends.sum() / elapsed;
  }
}
