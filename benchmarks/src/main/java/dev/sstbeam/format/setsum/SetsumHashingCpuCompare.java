package dev.sstbeam.format.setsum;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;

/**
 * SetsumHashingBenchmark's three measurements by thread CPU time, alternating them in rounds so
 * that all see the same machine load; prints the best round of each in MB/s per core. For a
 * shared, busy machine, where JMH's wall-clock figures swing. The path of {@code batched} is the
 * JVM's ({@code -Dsst.setsum.hashing=...}, with {@code --add-modules jdk.incubator.vector}).
 *
 * <p>Usage: {@code SetsumHashingCpuCompare [rounds=20]}.
 */
public final class SetsumHashingCpuCompare {
  private SetsumHashingCpuCompare() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    ItemSample sample = new ItemSample(2_000_000, 42);
    System.out.println(System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
        + "; setsum hashing: " + SetsumHashing.description());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
    byte[] out = new byte[32];
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    Setsum expected = sample.setsum();
    for (int r = 0; r < rounds; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      sample.messageDigest(jdk, out);
      long t1 = mx.getCurrentThreadCpuTime();
      Setsum a = sample.setsum();
      long t2 = mx.getCurrentThreadCpuTime();
      Setsum b = sample.batched();
      long t3 = mx.getCurrentThreadCpuTime();
      if (!a.equals(expected) || !b.equals(expected)) {
        throw new IllegalStateException("the paths disagree");
      }
      best[0] = Math.min(best[0], t1 - t0);
      best[1] = Math.min(best[1], t2 - t1);
      best[2] = Math.min(best[2], t3 - t2);
    }
    String[] names = {"MessageDigest", "Setsum (scalar)", "BatchedSetsum"};
    for (int i = 0; i < 3; i++) {
      System.out.printf("%-16s %7.0f MB/s per core%n", names[i], sample.bytes / (best[i] / 1e3));
    }
  }
}
