package dev.sstbeam.benchmarks;

import dev.sstbeam.format.KeyValue;
import dev.sstbeam.format.log.LogReader;
import dev.sstbeam.format.setsum.Setsum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sequential {@link LogReader} throughput over bench.log (write it first with
 * {@link WriteBenchLog}), from the page cache, on one thread. One operation reads the whole file;
 * the {@code megabytes} counter gives MB/s (10^6 bytes).
 *
 * <ul>
 *   <li>{@code read}: frames, CRC-32C checks, entry decoding, a KeyValue per item; no setsum.
 *   <li>{@code readAndSetsum}: the same plus the setsum of every item — a one-thread
 *       {@code log-checksum} (Rust: 3.52 s for bench.log).
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LogReadBenchmark [-p path=/other/bench.log]</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class LogReadBenchmark {

  @State(Scope.Benchmark)
  public static class Input {
    @Param("/work/bench-data/bench.log")
    public String path;

    Path file;
    long size;

    @Setup
    public void setup() throws Exception {
      file = Path.of(path);
      if (!Files.exists(file)) {
        throw new IllegalStateException(
            path + " is missing: run dev.sstbeam.benchmarks.WriteBenchLog first");
      }
      size = Files.size(file);
    }
  }

  /** Bytes read, reported as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public double megabytes;
    public long items;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
      items = 0;
    }
  }

  @Benchmark
  public void read(Input in, Counters c, Blackhole bh) throws Exception {
    long n = 0;
    try (LogReader reader = LogReader.open(in.file)) {
      KeyValue kv;
      while ((kv = reader.next()) != null) {
        bh.consume(kv.key().length);
        bh.consume(kv.timestamp());
        bh.consume(kv.value());
        n++;
      }
    }
    c.items += n;
    c.megabytes += in.size / 1e6;
  }

  @Benchmark
  public Setsum readAndSetsum(Input in, Counters c) throws Exception {
    Setsum s = new Setsum();
    long n = 0;
    try (LogReader reader = LogReader.open(in.file)) {
      KeyValue kv;
      while ((kv = reader.next()) != null) {
        s.insert(kv);
        n++;
      }
    }
    c.items += n;
    c.megabytes += in.size / 1e6;
    return s;
  }
}
