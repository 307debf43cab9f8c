package dev.sstbeam.benchmarks;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.table.Sst;
import dev.sstbeam.format.table.SstCursor;
import dev.sstbeam.format.table.SstOptions;
import dev.sstbeam.format.table.SstWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading a table (page cache): cursor {@code next} throughput over every record, and the latency
 * of random point lookups — keys present, and keys absent with and without the bloom filter.
 * The table: 200,000 records, keys {@code user/NNNNNNNNNNNN}, values of 100–1100 bytes, default
 * options (4 KiB blocks, 17 bloom bits per record), about 130 MB.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SstReadBenchmark</pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SstReadBenchmark {
  static final int RECORDS = 200_000;

  private Path dir;
  private Sst sst;
  private byte[][] present;
  private byte[][] absent;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("sst-read-bench");
    Path table = dir.resolve("bench.sst");
    SplittableRandom random = new SplittableRandom(42);
    try (SstWriter w = SstWriter.create(table, SstOptions.DEFAULT)) {
      for (int i = 0; i < RECORDS; i++) {
        byte[] value = new byte[100 + random.nextInt(1000)];
        random.nextBytes(value);
        w.put(key(2L * i), 1, value);
      }
      w.seal();
    }
    sst = Sst.open(table);
    present = new byte[4096][];
    absent = new byte[4096][];
    for (int i = 0; i < present.length; i++) {
      long n = random.nextInt(RECORDS);
      present[i] = key(2 * n);
      absent[i] = key(2 * n + 1); // between two stored keys: only the filter can say "no" early
    }
  }

  private static byte[] key(long n) {
    return String.format("user/%012d", n).getBytes(StandardCharsets.US_ASCII);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    sst.close();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /** Every record through a cursor; the score is records per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @org.openjdk.jmh.annotations.OperationsPerInvocation(RECORDS)
  public void cursorNext(Blackhole bh) throws Exception {
    try (SstCursor c = sst.cursor()) {
      c.seekToFirst();
      for (c.next(); c.hasItem(); c.next()) {
        bh.consume(c.timestamp());
        bh.consume(c.key());
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public KeyValue loadPresent() throws Exception {
    return sst.load(present[next++ & 4095], 1);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public KeyValue loadAbsentWithBloomFilter() throws Exception {
    return sst.load(absent[next++ & 4095], 1);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public KeyValue loadAbsentWithoutBloomFilter() throws Exception {
    return sst.loadWithoutFilter(absent[next++ & 4095], 1);
  }
}
