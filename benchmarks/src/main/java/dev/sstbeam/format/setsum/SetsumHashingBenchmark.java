package dev.sstbeam.format.setsum;

import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * MB/s per core of the setsum's hashing of bench.log-like items (puts of a 26-byte key and a
 * 100–1099-byte value: 135–1134-byte items, 2,000,000 bytes per operation), on one thread:
 *
 * <ul>
 *   <li>{@code messageDigest}: the JDK's {@code MessageDigest} SHA3-256 of each item;
 *   <li>{@code setsum}: {@link Setsum#insertPut}, the scalar path ({@link Sha3});
 *   <li>{@code batched}: {@link BatchedSetsum}, on the path named by {@code path}, which is the
 *       value of {@code -Dsst.setsum.hashing} in the benchmark's JVM: {@code scalar},
 *       {@code vector128}, {@code vector256}, {@code vector512} (one width per JVM: JMH forks one
 *       per parameter value; the JVM is given {@code --add-modules jdk.incubator.vector}).
 * </ul>
 *
 * A score in ops/us is MB/s (10^6 bytes). A width the CPU does not have runs in the Vector API's
 * Java fallback, hundreds of times slower: leave it out with {@code -p path=...}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SetsumHashingBenchmark
 * java -jar benchmarks/target/benchmarks.jar SetsumHashingBenchmark -jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
 * java -jar benchmarks/target/benchmarks.jar 'SetsumHashingBenchmark.batched' -p path=vector256,vector512
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SetsumHashingBenchmark {
  /** Bytes of items per operation. */
  static final int BYTES = 2_000_000;

  /** The hashing path of the JVM, for {@code batched}. */
  @State(Scope.Benchmark)
  public static class HashingPath {
    @Param({"scalar", "vector128", "vector256", "vector512"})
    public String path;

    @Setup
    public void setup() {
      // Before any setsum class is initialised: the path is read once per JVM.
      System.setProperty(HashingMode.PROPERTY, path);
      String description = SetsumHashing.description();
      if (!path.equals("scalar") && !description.startsWith("vector")) {
        throw new IllegalStateException("asked for " + path + ", got " + description);
      }
    }
  }

  private ItemSample items;
  private MessageDigest jdk;
  private final byte[] out = new byte[32];

  @Setup
  public void setup() throws Exception {
    items = new ItemSample(BYTES, 42);
    jdk = MessageDigest.getInstance("SHA3-256");
  }

  @Benchmark
  @OperationsPerInvocation(BYTES)
  public byte[] messageDigest() throws Exception {
    return items.messageDigest(jdk, out);
  }

  @Benchmark
  @OperationsPerInvocation(BYTES)
  public Setsum setsum() {
    return items.setsum();
  }

  @Benchmark
  @OperationsPerInvocation(BYTES)
  public Setsum batched(HashingPath path) {
    return items.batched();
  }
}
