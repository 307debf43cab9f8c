package dev.sstbeam.format.setsum;

import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SHA3-256 of one setsum-item-sized message: the JDK's {@code MessageDigest} against our
 * {@link Sha3} (package-private, hence this package inside the benchmarks module), and the put
 * path of {@link Setsum} as the log code uses it. bench.log's items are 135–1135 bytes (a ~26-byte
 * key, tag and timestamp, and a 100–1099-byte value), 600 on average.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Sha3Benchmark [-jvm /path/to/other/java]</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Sha3Benchmark {
  @Param({"100", "600", "1100"})
  public int length;

  private byte[] message;
  private byte[] key;
  private byte[] value;
  private final byte[] out = new byte[32];
  private MessageDigest jdk;
  private Sha3 ours;
  private Setsum setsum;

  @Setup
  public void setup() throws Exception {
    Random rnd = new Random(length);
    message = new byte[length];
    rnd.nextBytes(message);
    key = new byte[Math.min(26, length)];
    value = new byte[Math.max(0, length - key.length - 9)];
    rnd.nextBytes(key);
    rnd.nextBytes(value);
    jdk = MessageDigest.getInstance("SHA3-256");
    ours = new Sha3();
    setsum = new Setsum();
  }

  @Benchmark
  public byte[] jdkMessageDigest() throws Exception {
    jdk.update(message, 0, message.length);
    jdk.digest(out, 0, 32);
    return out;
  }

  @Benchmark
  public byte[] javaKeccak() {
    ours.update(message, 0, message.length);
    ours.digest(out);
    return out;
  }

  /** What a log reader or writer pays per put: hash of 08‖key‖LE64(ts)‖value into a setsum. */
  @Benchmark
  public Setsum setsumInsertPut() {
    return setsum.insertPut(key, 42L, value);
  }
}
